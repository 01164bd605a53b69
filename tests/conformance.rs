//! The conformance corpus: every case of tests/fixtures/flow.json (imported from the shared sample by
//! scripts/import-conformance.py, names, reasons and sources kept) runs through `simulate_json` and must
//! reach the expected decision, or fail validation where the case expects an error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/flow.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

#[test]
fn every_flow_case_reaches_its_expected_decision() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 77, "the fixture lost cases");
    for case in &all {
        let name = case["name"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let out: Value = serde_json::from_str(&iamsim::api::simulate_json(&case["scenario"].to_string())).unwrap();
        let got = if out["ok"] == Value::Bool(true) {
            out["decision"].as_str().unwrap_or("?").to_string()
        } else {
            "error".to_string()
        };
        if got != expected {
            failures.push(format!(
                "{name}: expected {expected}, got {got} ({})\n    reason: {}\n    diagnostics: {}",
                out["reasonCode"], case["reason"], out["diagnostics"]
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn error_cases_point_at_a_range() {
    for case in cases().iter().filter(|c| c["expected"] == "error") {
        let out: Value = serde_json::from_str(&iamsim::api::simulate_json(&case["scenario"].to_string())).unwrap();
        let errors: Vec<&Value> =
            out["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
        assert!(!errors.is_empty(), "{}: no error diagnostic", case["name"]);
        assert!(
            errors.iter().all(|d| d["range"]["start"]["line"].as_u64().unwrap_or(0) >= 1),
            "{}: an error without a range: {:?}",
            case["name"],
            errors
        );
    }
}
