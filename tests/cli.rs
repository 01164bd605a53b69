//! The `iamsim` command line as a user runs it: exit codes (0 decided, 1 --expect mismatch, 2 invalid
//! input), text and JSON output, diagnostics with line:column on stderr, JSON Lines bulk runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn iamsim(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const ALLOWED: &str = r#"{"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"},"policies":{"identity":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#;

#[test]
fn explain_prints_the_deciding_statement_first_and_exits_zero() {
    let out = iamsim(&["explain", "examples/region-guard.json"], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.lines().next().unwrap(),
        "explicitDeny — SCP RegionGuard (level 1) statement DenyOutsideRegions applies: aws:RequestedRegion = ap-south-1 is not one of [us-east-1, eu-west-1]"
    );
    assert!(
        stdout.contains("✓ Condition    aws:RequestedRegion = ap-south-1 is not one of [us-east-1, eu-west-1]"),
        "{stdout}"
    );
}

#[test]
fn expect_mismatch_exits_one_and_match_exits_zero() {
    let out = iamsim(&["simulate", "--expect", "allowed", "examples/region-guard.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("expected allowed, got explicitDeny"));
    let out = iamsim(&["simulate", "--expect", "explicitDeny", "examples/region-guard.json"], None);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn invalid_input_exits_two_with_located_diagnostics_on_stderr() {
    let scenario = "{\"request\": {\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"},\n \"policies\": {\"identity\": [\"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  \\\"Statement\\\": {\\\"Effect\\\": \\\"allow\\\", \\\"Action\\\": \\\"*\\\", \\\"Resource\\\": \\\"*\\\"}}\"]}}";
    let out = iamsim(&["simulate", "-"], Some(scenario));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("<stdin>: policies.identity[0]:3:27: error INVALID_EFFECT:"), "{stderr}");
}

#[test]
fn malformed_json_exits_two() {
    let out = iamsim(&["simulate", "-"], Some("{\"request\": "));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("1:13: error JSON_SYNTAX"), "{}", text(&out.stderr));
}

#[test]
fn json_format_writes_the_contract_object() {
    let out = iamsim(&["simulate", "--format", "json", "-"], Some(ALLOWED));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["decision"], "allowed");
    assert_eq!(v["reasonCode"], "ALLOW_IDENTITY");
    assert_eq!(v["matchedStatements"][0]["policyType"], "identity");
}

#[test]
fn jsonl_writes_one_result_per_line_and_reports_the_worst_exit() {
    let broken = "{\"request\": {}}";
    let input = format!("{ALLOWED}\n\n{broken}\n{ALLOWED}\n");
    let out = iamsim(&["simulate", "--jsonl", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["decision"], "allowed");
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[2]["decision"], "allowed");
    assert!(text(&out.stderr).contains("<stdin>:3"), "{}", text(&out.stderr));
}

#[test]
fn usage_errors_exit_two_and_help_exits_zero() {
    assert_eq!(iamsim(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(iamsim(&["simulate", "--format", "yaml", "x.json"], None).status.code(), Some(2));
    assert_eq!(iamsim(&["simulate", "does-not-exist.json"], None).status.code(), Some(2));
    let help = iamsim(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    let h = text(&help.stdout);
    for word in ["simulate", "explain", "--jsonl", "--format", "--expect", "EXIT STATUS"] {
        assert!(h.contains(word), "help lacks {word}");
    }
}

#[test]
fn expand_prints_one_action_per_line_and_describe_names_the_access_level() {
    let out = iamsim(&["expand", "s3:GetObjectT*"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "s3:GetObjectTagging\ns3:GetObjectTorrent\n");
    let out = iamsim(&["describe", "s3:GetObject"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("access level: Read"));
    let out = iamsim(&["describe", "--format", "json", "s3:GetObject"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["accessLevel"], "Read");
    let out = iamsim(&["describe", "s3:GetObjects"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean s3:GetObject?"), "{}", text(&out.stderr));
    assert_eq!(iamsim(&["expand", "s3:NoSuchThing*"], None).status.code(), Some(2));
}

#[test]
fn simulate_warns_about_unknown_actions_without_changing_the_decision() {
    let scenario = r#"{"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"},
"policies":{"identity":["{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObjects\",\"s3:GetObject\"],\"Resource\":\"*\"}}"]}}"#;
    let out = iamsim(&["simulate", "--format", "json", "-"], Some(scenario));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"], "allowed");
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "UNKNOWN_ACTION").unwrap();
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["source"], "policies.identity[0]");
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 1, "column": 65}));
    assert!(d["message"].as_str().unwrap().contains("s3:GetObject"), "{d}");
}
