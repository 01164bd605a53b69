//! The condition conformance corpus (tests/fixtures/conditions.json, copied from the shared spec's
//! samples): each case is a statement's Condition block, a request context and whether the block holds.
//! Clauses are built straight from the JSON (one per operator and key, values as text, JSON numbers and
//! booleans as their text), evaluated with `conditions::evaluate_clause`, and ANDed.

use iamsim::conditions::{self, ClauseOutcome};
use iamsim::model::{ConditionClause, ConditionValue, Context, ContextValue, Operator};
use iamsim::source::Span;
use serde_json::Value;

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn clauses(block: &Value, case: &str) -> Vec<ConditionClause> {
    let mut out = Vec::new();
    for (op_text, keys) in block.as_object().unwrap_or_else(|| panic!("{case}: condition is not an object")) {
        let operator = Operator::parse(op_text).unwrap_or_else(|e| panic!("{case}: operator {op_text}: {e:?}"));
        for (key, spec) in keys.as_object().unwrap_or_else(|| panic!("{case}: {op_text} is not an object")) {
            let texts: Vec<String> = match spec {
                Value::Array(items) => items.iter().map(|v| scalar_text(v).unwrap()).collect(),
                other => vec![scalar_text(other).unwrap()],
            };
            out.push(ConditionClause {
                operator,
                operator_text: op_text.clone(),
                operator_span: Span::default(),
                key: key.clone(),
                key_lower: key.to_ascii_lowercase(),
                key_span: Span::default(),
                values: texts.into_iter().map(|text| ConditionValue { text, span: Span::default() }).collect(),
                span: Span::default(),
            });
        }
    }
    out
}

fn context(value: &Value) -> Context {
    let mut ctx = Context::new();
    for (key, v) in value.as_object().unwrap() {
        match v {
            Value::Null => {}
            Value::Array(items) => ctx.insert(key, ContextValue::List(items.iter().map(|i| scalar_text(i).unwrap()).collect()), false),
            other => ctx.insert(key, ContextValue::Scalar(scalar_text(other).unwrap()), false),
        }
    }
    ctx
}

#[test]
fn every_conformance_case_holds() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/conditions.json")).unwrap();
    let corpus: Value = serde_json::from_str(&text).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 100, "the corpus lost cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let reason = case["reason"].as_str().unwrap_or("");
        let expected = case["expected"].as_bool().unwrap();
        let version = case.get("policy_version").and_then(Value::as_str).unwrap_or("2012-10-17");
        let variables = version == "2012-10-17";
        let ctx = context(&case["context"]);
        let clauses = clauses(&case["condition"], name);
        for detail in [false, true] {
            let mut missing = Vec::new();
            let outcomes: Vec<ClauseOutcome> =
                clauses.iter().map(|c| conditions::evaluate_clause(c, &ctx, variables, &mut missing, detail)).collect();
            let got = outcomes.iter().all(|o| o.result);
            let block = conditions::evaluate_block(&clauses, &ctx, variables, &mut Vec::new());
            let (explained, _) = conditions::explain_block(&clauses, &ctx, variables, &mut Vec::new());
            if got != expected || block != expected || explained != expected {
                let sentences: Vec<String> =
                    outcomes.iter().filter_map(|o| o.detail.as_ref()).map(|d| d.sentence()).collect();
                failures.push(format!("{name} (detail={detail}): expected {expected}, got {got} — {reason} {sentences:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}
