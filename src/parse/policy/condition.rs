//! The Condition element (spec/conditions.md §1.1): `{ operator: { key: value | [values] } }`. Operators
//! are parsed by [`Operator::parse`]; values are normalised to text (strings verbatim, numbers as written,
//! booleans as `true`/`false`); null, object and nested-array values are errors.

use super::super::seen::FirstSeen;
use super::super::{Json, JsonValue, Member, did_you_mean};
use super::Ctx;
use crate::model::{BaseOperator, ConditionClause, ConditionValue, OneOrMany, Operator, OperatorError, PolicyStr};

pub(super) fn read_condition(cx: &mut Ctx, m: &Member) -> OneOrMany<ConditionClause> {
    let Some(operators) = m.value.as_object() else {
        cx.error(
            "INVALID_TYPE",
            m.value.span,
            format!("\"Condition\" must be an object of operators, found {}", m.value.type_name()),
        );
        return OneOrMany::new();
    };
    if operators.is_empty() {
        cx.info("EMPTY_CONDITION", m.value.span, "the \"Condition\" block is empty: it does not affect the statement");
    }
    let mark = cx.pools.clauses.mark();
    for om in operators {
        let operator = match Operator::parse(om.key) {
            Ok(op) => Some(op),
            Err(OperatorError::NullIfExists) => {
                cx.error(
                    "NULL_IF_EXISTS",
                    om.key_span,
                    format!("\"{}\": Null cannot take IfExists (Null already tests whether the key exists)", om.key),
                );
                None
            }
            Err(OperatorError::Unknown) => {
                cx.error("UNKNOWN_OPERATOR", om.key_span, unknown_operator_message(om.key));
                None
            }
        };
        let Some(keys) = om.value.as_object() else {
            cx.error(
                "INVALID_TYPE",
                om.value.span,
                format!(
                    "the value of \"{}\" must be an object of condition keys, found {}",
                    om.key,
                    om.value.type_name()
                ),
            );
            continue;
        };
        if keys.is_empty() {
            cx.info(
                "EMPTY_CONDITION",
                om.value.span,
                format!("\"{}\" has no condition keys: it does not affect the statement", om.key),
            );
        }
        // Most operators name one key, which cannot repeat: no table for those.
        let mut seen = (keys.len() > 1).then(FirstSeen::ignoring_case);
        for km in keys {
            if km.key.is_empty() {
                cx.error("INVALID_CONDITION_KEY", km.key_span, "a condition key cannot be empty");
            }
            if let Some((_, first)) = seen.as_mut().and_then(|seen| seen.first_or_insert(km.key, km.key_span)) {
                let line = cx.d.origin.range(first).start.line;
                cx.warning(
                    "CONDITION_KEY_CASE_DUPLICATE",
                    km.key_span,
                    format!(
                        "\"{}\" differs only in letter case from a key above (line {line}); condition keys are case-insensitive, so both apply",
                        km.key
                    ),
                );
            }
            // Every key takes its lower-case form, in order (see `Pools::key_lower`).
            let key = PolicyStr::in_source(&cx.d.origin, km.key, km.key_span);
            let key_lower = cx.pools.key_lower(km.key_span.start, &key);
            let values = read_values(cx, km, operator);
            if let (Some(operator), Some(values)) = (operator, values) {
                cx.pools.clauses.push(ConditionClause {
                    operator,
                    operator_text: PolicyStr::in_source(&cx.d.origin, om.key, om.key_span),
                    operator_span: om.key_span,
                    key,
                    key_lower,
                    key_span: km.key_span,
                    values,
                    span: km.span(),
                });
            }
        }
    }
    cx.pools.clauses.take_list(mark)
}

fn unknown_operator_message(name: &str) -> String {
    let (qualifier, base) = match name.split_once(':') {
        Some((q, b)) => (Some(q), b),
        None => (None, name),
    };
    if let Some(q) = qualifier {
        if q != "ForAllValues" && q != "ForAnyValue" {
            let hint = did_you_mean(q, &["ForAllValues", "ForAnyValue"]);
            return format!(
                "unknown condition operator \"{name}\": \"{q}\" is not a qualifier{hint}; use ForAllValues: or ForAnyValue:"
            );
        }
    }
    let stem = base.strip_suffix("IfExists").unwrap_or(base);
    let hint = did_you_mean(stem, &BaseOperator::ALL.map(BaseOperator::name));
    format!("unknown condition operator \"{name}\"{hint}; operator names are case-sensitive")
}

/// A scalar or an array of scalars; `None` after an error.
fn read_values(cx: &mut Ctx, km: &Member, operator: Option<Operator>) -> Option<OneOrMany<ConditionValue>> {
    let items: &[Json] = match km.value.value {
        JsonValue::Array(items) => {
            if items.is_empty() {
                let note =
                    if operator.is_some_and(|o| o.base == BaseOperator::Null) { "" } else { " and matches nothing" };
                cx.info(
                    "EMPTY_CONDITION_VALUES",
                    km.value.span,
                    format!("\"{}\" has an empty list of values{note}", km.key),
                );
            }
            items
        }
        _ => std::slice::from_ref(&km.value),
    };
    let mark = cx.pools.values.mark();
    let mut ok = true;
    for item in items {
        let text = match item.value {
            JsonValue::String(s) => PolicyStr::in_source(&cx.d.origin, s, item.span),
            JsonValue::Number(n) => PolicyStr::in_source(&cx.d.origin, n, item.span),
            JsonValue::Bool(b) => PolicyStr::in_source(&cx.d.origin, if b { "true" } else { "false" }, item.span),
            JsonValue::Null | JsonValue::Object(_) | JsonValue::Array(_) => {
                cx.error(
                    "INVALID_CONDITION_VALUE",
                    item.span,
                    format!(
                        "a value of \"{}\" must be a string, number or boolean (or a flat array of them), found {}",
                        km.key,
                        item.type_name()
                    ),
                );
                ok = false;
                continue;
            }
        };
        cx.pools.values.push(ConditionValue { text, span: item.span });
    }
    if !ok {
        cx.pools.values.discard(mark);
        return None;
    }
    Some(cx.pools.values.take_list(mark))
}
