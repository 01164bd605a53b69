//! The entry points that take the JSON text by value (what the WebAssembly bindings call, so the text is not
//! copied again) answer byte for byte as the borrowing ones: decisions, traces and every position, on the
//! benchmark batch pretty-printed (positions past line 1), on a request with non-ASCII text and on broken
//! inputs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::api::{self, Prepared};
use serde_json::{Value, json};

fn batch() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bench-scenario.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The batch's requests as pretty JSON, plus a non-ASCII one and broken ones.
fn requests(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> =
        doc["requests"].as_array().unwrap().iter().map(|r| serde_json::to_string_pretty(r).unwrap()).collect();
    let mut unicode = doc["requests"][0].clone();
    unicode["context"]["aws:PrincipalTag/team"] = json!("café-東京-😀");
    out.push(serde_json::to_string_pretty(&unicode).unwrap());
    out.extend(["", "{", "{\"action\": 1}", "{\"principal\": \"x\", \"acton\": \"s3:GetObject\"}"].map(String::from));
    out
}

#[test]
fn one_shot_owned_and_borrowed_agree() {
    let doc = batch();
    for request in requests(&doc) {
        let scenario = format!("{{\n  \"policies\": {},\n  \"request\": {request}\n}}", doc["policies"]);
        assert_eq!(api::simulate_json_owned(scenario.clone()), api::simulate_json(&scenario), "{request}");
        assert_eq!(api::explain_json_owned(scenario.clone()), api::explain_json(&scenario), "{request}");
        for explain in [false, true] {
            let owned = api::simulate_text_owned(scenario.clone(), explain).to_json();
            assert_eq!(owned, api::simulate_text(&scenario, explain).to_json(), "{request}");
        }
    }
}

#[test]
fn prepared_owned_and_borrowed_agree() {
    let doc = batch();
    let prepared = Prepared::parse(&doc["policies"].to_string(), None).ok().unwrap();
    let mut failures = 0;
    for request in requests(&doc) {
        let borrowed = prepared.simulate_json(&request);
        assert_eq!(prepared.simulate_json_owned(request.clone()), borrowed, "{request}");
        assert_eq!(prepared.explain_json_owned(request.clone()), prepared.explain_json(&request), "{request}");
        failures += usize::from(borrowed.starts_with(r#"{"ok":false"#));
    }
    // The broken requests are answered with located diagnostics, the same either way.
    assert_eq!(failures, 4);
}
