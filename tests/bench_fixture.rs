//! The benchmark batch stays realistic: every scenario of tests/fixtures/bench-scenario.json is valid, uses
//! only actions AWS documents (no warning at all), and the batch reaches all three decisions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};

#[test]
fn bench_scenarios_are_valid_warning_free_and_varied() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bench-scenario.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut decisions = std::collections::BTreeSet::new();
    let requests = doc["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 20);
    for r in requests {
        let scenario = json!({ "request": r, "policies": doc["policies"] });
        let out: Value = serde_json::from_str(&iamsim::api::simulate_json(&scenario.to_string())).unwrap();
        assert_eq!(out["ok"], true, "{}", out["diagnostics"]);
        assert_eq!(out["diagnostics"], json!([]), "{}", r["action"]);
        decisions.insert(out["decision"].as_str().unwrap().to_string());
    }
    assert_eq!(decisions.len(), 3, "{decisions:?}");
}
