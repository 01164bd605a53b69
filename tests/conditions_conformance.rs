//! The condition conformance corpus (tests/fixtures/conditions.json, copied from the shared spec's
//! samples): each case is a statement's Condition block, a request context and whether the block holds.
//! Each block is read twice: through the policy parser (wrapped as a one-statement identity policy with the
//! case's `policy_version`), and built straight from the JSON (one clause per operator and key, JSON numbers
//! and booleans as their text). Both are evaluated with `conditions::evaluate_clause` (hot path and explain
//! path) and the block helpers, and every answer must equal `expected`.

// A test crate: helpers outside #[test] functions may panic on a broken fixture too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::conditions::{self, ClauseOutcome};
use iamsim::model::{ConditionClause, ConditionValue, Context, ContextValue, Operator, PolicyType};
use iamsim::parse::{PolicyInput, parse_policy_text};
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
                operator_text: op_text.clone().into(),
                operator_span: Span::default(),
                key: key.clone().into(),
                key_lower: key.to_ascii_lowercase().into(),
                key_span: Span::default(),
                values: texts
                    .into_iter()
                    .map(|text| ConditionValue { text: text.into(), span: Span::default() })
                    .collect(),
                span: Span::default(),
            });
        }
    }
    out
}

/// The block as the policy parser reads it, and whether the policy's Version enables variables.
fn parsed_clauses(block: &Value, version: &str, case: &str) -> (Vec<ConditionClause>, bool) {
    let policy = format!(
        r#"{{"Version": "{version}", "Statement": {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {block}}}}}"#
    );
    let parsed = parse_policy_text(&policy, PolicyInput::new("case", PolicyType::Identity, "case"));
    let Some(policy) = parsed.value else { panic!("{case}: the parser refused the block: {:?}", parsed.diagnostics) };
    let variables = policy.version.variables_enabled();
    let statement = policy.statements.into_iter().next().unwrap_or_else(|| panic!("{case}: no statement"));
    (statement.conditions.to_vec(), variables)
}

fn context(value: &Value) -> Context {
    let mut ctx = Context::new();
    for (key, v) in value.as_object().unwrap() {
        match v {
            Value::Null => {}
            Value::Array(items) => {
                ctx.insert(key, ContextValue::List(items.iter().map(|i| scalar_text(i).unwrap()).collect()), false)
            }
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
        let built = clauses(&case["condition"], name);
        let (parsed, parsed_variables) = parsed_clauses(&case["condition"], version, name);
        assert_eq!(parsed.len(), built.len(), "{name}: the parser and the JSON disagree on the clauses");
        assert_eq!(parsed_variables, variables, "{name}: Version gate");
        for (how, clauses, detail) in
            [("json", &built, false), ("json", &built, true), ("parser", &parsed, false), ("parser", &parsed, true)]
        {
            let mut missing = Vec::new();
            let outcomes: Vec<ClauseOutcome> =
                clauses.iter().map(|c| conditions::evaluate_clause(c, &ctx, variables, &mut missing, detail)).collect();
            let got = outcomes.iter().all(|o| o.result);
            let block = conditions::evaluate_block(clauses, &ctx, variables, &mut Vec::new());
            let (explained, _) = conditions::explain_block(clauses, &ctx, variables, &mut Vec::new());
            if got != expected || block != expected || explained != expected {
                let sentences: Vec<String> =
                    outcomes.iter().filter_map(|o| o.detail.as_ref()).map(|d| d.sentence()).collect();
                failures.push(format!(
                    "{name} ({how}, detail={detail}): expected {expected}, got {got} — {reason} {sentences:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}
