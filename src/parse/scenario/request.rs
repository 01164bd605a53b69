//! `request`: principal, action (one literal `service:Name`), resource (default `*`), resource account
//! (given, else the ARN's account, else the principal's), and the context of spec/conditions.md §1.2
//! (values string | number | boolean or flat arrays of them; `null` = absent; keys that differ only by case
//! are an error).

use std::sync::Arc;

use crate::model::{Context, ContextBuilder, ContextValue, NewValue, Principal, PrincipalKind, Request};
use crate::source::{SourceText, Span};

use super::super::arn::{Arn, is_account_id};
use super::super::seen::FirstSeen;
use super::super::{Diags, Json, JsonValue, Member, Parsed};
use super::fields::Fields;
use super::principal::read_principal;

pub(super) const FIELDS: [&str; 6] =
    ["principal", "action", "resource", "resourceAccount", "resourceInManagementAccount", "context"];
/// STS actions only IAM users and role sessions (or federated callers with an assertion) can make.
const ASSUME_ROLE_ACTIONS: [&str; 3] = ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"];

/// Reads the `request` object already parsed as JSON; `origin` is the text its spans point into.
pub fn request_from_json(json: &Json, origin: &Arc<SourceText>) -> Parsed<Request> {
    let mut d = Diags::new(origin.clone());
    let value = read_request(&mut d, json, None);
    d.finish(value)
}

/// Reads the request's fields; `context` is its context when the caller has read it already (then `json`
/// holds the other members only, and the context gave no diagnostic).
pub(super) fn read_request(d: &mut Diags, json: &Json, context: Option<Context>) -> Option<Request> {
    let f = Fields::read(d, json, "request", &FIELDS)?;
    let principal = match f.get("principal") {
        Some(p) => read_principal(d, p),
        None => {
            f.missing(
                d,
                "principal",
                "who makes the request (an ARN, a service principal, \"anonymous\" or an object)",
            );
            None
        }
    };
    let action = match f.string(d, "action") {
        Some((action, span)) => check_action(d, action, span, principal.as_ref()),
        None => {
            if f.get("action").is_none() {
                f.missing(d, "action", "the action to simulate, e.g. \"s3:GetObject\"");
            }
            None
        }
    };
    let resource = match f.string(d, "resource") {
        Some((r, span)) => {
            if r != "*" && !r.starts_with("arn:") {
                d.warning(
                    "REQUEST_RESOURCE_NOT_ARN",
                    "request",
                    span,
                    format!("\"{r}\" is neither an ARN nor \"*\": only patterns that match it literally apply"),
                );
            }
            r.to_string()
        }
        None => "*".to_string(),
    };
    let given_account = match f.string(d, "resourceAccount") {
        Some((a, span)) if !is_account_id(a) => {
            d.error("INVALID_ACCOUNT_ID", "request", span, format!("\"{a}\" is not an AWS account id (12 digits)"));
            None
        }
        Some((a, _)) => Some(a.to_string()),
        None => None,
    };
    let resource_in_management_account = f.bool(d, "resourceInManagementAccount").unwrap_or(false);
    let context = match (context, f.get("context")) {
        (Some(read), _) => Some(read),
        (None, Some(c)) => read_context(d, c),
        (None, None) => Some(Context::new()),
    };
    let principal = principal?;
    let resource_account = given_account
        .or_else(|| Arn::parse(&resource).map(|a| a.account.to_string()).filter(|a| !a.is_empty()))
        .or_else(|| principal.account.clone());
    Some(Request {
        principal,
        action: action?,
        resource,
        resource_account,
        resource_in_management_account,
        context: context?,
    })
}

fn check_action(d: &mut Diags, action: &str, span: Span, principal: Option<&Principal>) -> Option<String> {
    // Letters, digits and `-`; in the action's name also `_` and `.` (a `match`, not a search of a list of
    // extra bytes: this runs over every request's action).
    let valid_part = |s: &str, name: bool| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || (name && matches!(b, b'_' | b'.')))
    };
    let well_formed =
        action.split_once(':').is_some_and(|(service, name)| valid_part(service, false) && valid_part(name, true));
    if !well_formed {
        let why = if action.contains(['*', '?']) {
            "the request names one action, so it cannot contain wildcards"
        } else {
            "write service:ActionName, e.g. \"s3:GetObject\""
        };
        d.error("INVALID_ACTION", "request", span, format!("\"{action}\" is not an action: {why}"));
        return None;
    }
    let assumes_role = || ASSUME_ROLE_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action));
    if principal.is_some_and(|p| p.kind == PrincipalKind::Root) && assumes_role() {
        d.error(
            "ROOT_CANNOT_ASSUME_ROLE",
            "request",
            span,
            format!("the root user cannot call {action}: only IAM users and role sessions can assume roles"),
        );
        return None;
    }
    Some(action.to_string())
}

fn read_context(d: &mut Diags, json: &Json) -> Option<Context> {
    let Some(members) = json.as_object() else {
        d.error(
            "INVALID_TYPE",
            CONTEXT_PATH,
            json.span,
            format!("\"context\" must be an object of condition keys to values, found {}", json.type_name()),
        );
        return None;
    };
    // Keys that differ only in letter case are rare, and finding them as they come costs a comparison with
    // every key before: the context is read without that check, and the sort that orders its keys finds
    // such pairs. Only then, or when a key was left out (a `null` or invalid value, whose key still counts),
    // is it read again watching for them, so the diagnostics are those of the text, in its order.
    let mark = d.list.len();
    let first = read_members(d, members, None);
    let (context, duplicates) = first.keys.finish();
    if !duplicates && first.all_kept {
        return first.ok.then_some(context);
    }
    d.list.truncate(mark);
    let again = read_members(d, members, Some(&mut FirstSeen::ignoring_case()));
    again.ok.then(|| again.keys.finish().0)
}

/// What one reading of the context's members found.
struct Members {
    keys: ContextBuilder,
    /// No diagnostic error.
    ok: bool,
    /// Every non-empty key was kept (none had a `null` or invalid value, or repeated another).
    all_kept: bool,
}

const CONTEXT_PATH: &str = "request.context";

/// Reads the context's members; with `seen`, reports keys that differ only in letter case from an earlier
/// one.
fn read_members<'j>(d: &mut Diags, members: &'j [Member<'j>], mut seen: Option<&mut FirstSeen<'j>>) -> Members {
    const PATH: &str = CONTEXT_PATH;
    let key_bytes = members.iter().map(|m| m.key.len()).sum();
    // Values are about as long as keys: one guess sizes both buffers.
    let mut given = ContextBuilder::with_capacity(members.len(), key_bytes, key_bytes);
    let mut ok = true;
    let (mut kept, mut empty) = (0, 0);
    for m in members {
        if m.key.is_empty() {
            d.error("INVALID_CONTEXT_KEY", PATH, m.key_span, "a context key cannot be empty");
            ok = false;
            empty += 1;
            continue;
        }
        if let Some((first, first_span)) = seen.as_mut().and_then(|s| s.first_or_insert(m.key, m.key_span)) {
            let line = d.origin.range(first_span).start.line;
            d.error(
                "CONTEXT_KEY_CASE_CONFLICT",
                PATH,
                m.key_span,
                format!(
                    "\"{}\" and \"{first}\" (line {line}) differ only in letter case; context keys are case-insensitive, so give one of them",
                    m.key
                ),
            );
            ok = false;
            continue;
        }
        let value = match m.value.value {
            JsonValue::Null => continue, // null = absent (conditions.md §1.2)
            JsonValue::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match scalar(item) {
                        Some(s) => list.push(s.to_string()),
                        None => {
                            d.error(
                                "INVALID_TYPE",
                                PATH,
                                item.span,
                                format!(
                                    "each value of \"{}\" must be a string, number or boolean, found {}",
                                    m.key,
                                    item.type_name()
                                ),
                            );
                            ok = false;
                        }
                    }
                }
                NewValue::Owned(ContextValue::List(list))
            }
            _ => match scalar(&m.value) {
                Some(s) => NewValue::Scalar(s),
                None => {
                    d.error(
                        "INVALID_TYPE",
                        PATH,
                        m.value.span,
                        format!(
                            "\"{}\" must be a string, number or boolean, or an array of them, found {}",
                            m.key,
                            m.value.type_name()
                        ),
                    );
                    ok = false;
                    continue;
                }
            },
        };
        given.push(m.key, value);
        kept += 1;
    }
    Members { keys: given, ok, all_kept: kept + empty == members.len() }
}

/// Strings verbatim, numbers as written, booleans as `true` / `false`.
fn scalar<'j>(json: &Json<'j>) -> Option<&'j str> {
    match json.value {
        JsonValue::String(s) | JsonValue::Number(s) => Some(s),
        JsonValue::Bool(true) => Some("true"),
        JsonValue::Bool(false) => Some("false"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::model::ContextValue;
    use crate::parse::parse_request;

    fn codes(context: &str) -> (bool, Vec<(String, u32)>) {
        let text = format!("{{\"principal\":\"anonymous\",\"action\":\"s3:GetObject\",\"context\":{context}}}");
        let parsed = parse_request(&text);
        let codes =
            parsed.diagnostics.iter().map(|d| (d.code.clone(), d.range.map_or(0, |r| r.start.column))).collect();
        (parsed.value.is_some(), codes)
    }

    #[test]
    fn keys_differing_in_case_are_found_whatever_their_values() {
        let conflict = |column| ("CONTEXT_KEY_CASE_CONFLICT".to_string(), column);
        // A null value leaves its key out of the context, yet the key still counts.
        assert_eq!(codes(r#"{"a:B":null,"A:b":"x"}"#), (false, vec![conflict(72)]));
        assert_eq!(codes(r#"{"a:B":"x","A:b":null}"#), (false, vec![conflict(71)]));
        // Diagnostics in the order of the text, the repeated key's own value not reported.
        let (value, found) = codes(r#"{"x:y":{},"a:B":1,"A:b":{},"c:d":[{}]}"#);
        assert!(!value);
        let found: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(found, ["INVALID_TYPE", "CONTEXT_KEY_CASE_CONFLICT", "INVALID_TYPE"]);
        // Nulls alone, and keys that only look alike, are fine.
        assert_eq!(codes(r#"{"a:b":null,"a:c":"1","a:bb":true}"#), (true, vec![]));
    }

    #[test]
    fn the_context_keeps_given_values_and_spellings() {
        let text = r#"{"principal":"anonymous","action":"s3:GetObject","context":{"S3:Prefix":["a",2,false],"aws:SourceIp":"10.0.0.1","n:x":null}}"#;
        let context = parse_request(text).value.unwrap().context;
        let entries: Vec<(&str, ContextValue)> = context.given().map(|e| (e.key, e.value.to_value())).collect();
        let list = ContextValue::List(vec!["a".into(), "2".into(), "false".into()]);
        assert_eq!(entries, [("aws:SourceIp", ContextValue::Scalar("10.0.0.1".into())), ("S3:Prefix", list)]);
    }
}
