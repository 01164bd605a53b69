//! `request`: principal, action (one literal `service:Name`), resource (default `*`), resource account
//! (given, else the ARN's account, else the principal's), and the context of spec/conditions.md §1.2
//! (values string | number | boolean or flat arrays of them; `null` = absent; keys that differ only by case
//! are an error).

use std::sync::Arc;

use crate::model::{Context, ContextValue, Principal, PrincipalKind, Request};
use crate::source::{SourceText, Span};

use super::super::arn::{Arn, is_account_id};
use super::super::seen::FirstSeen;
use super::super::{Diags, Json, JsonValue, Parsed};
use super::fields::Fields;
use super::principal::read_principal;

const FIELDS: [&str; 6] =
    ["principal", "action", "resource", "resourceAccount", "resourceInManagementAccount", "context"];
/// STS actions only IAM users and role sessions (or federated callers with an assertion) can make.
const ASSUME_ROLE_ACTIONS: [&str; 3] = ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"];

/// Reads the `request` object already parsed as JSON; `origin` is the text its spans point into.
pub fn request_from_json(json: &Json, origin: &Arc<SourceText>) -> Parsed<Request> {
    let mut d = Diags::new(origin.clone());
    let value = read_request(&mut d, json);
    d.finish(value)
}

fn read_request(d: &mut Diags, json: &Json) -> Option<Request> {
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
    let context = match f.get("context") {
        Some(c) => read_context(d, c),
        None => Some(Context::new()),
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
    let valid_part =
        |s: &str, extra: &[u8]| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || extra.contains(&b));
    let well_formed =
        action.split_once(':').is_some_and(|(service, name)| valid_part(service, b"-") && valid_part(name, b"-_."));
    if !well_formed {
        let why = if action.contains(['*', '?']) {
            "the request names one action, so it cannot contain wildcards"
        } else {
            "write service:ActionName, e.g. \"s3:GetObject\""
        };
        d.error("INVALID_ACTION", "request", span, format!("\"{action}\" is not an action: {why}"));
        return None;
    }
    let lower = action.to_ascii_lowercase();
    if principal.is_some_and(|p| p.kind == PrincipalKind::Root) && ASSUME_ROLE_ACTIONS.contains(&lower.as_str()) {
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
    const PATH: &str = "request.context";
    let Some(members) = json.as_object() else {
        d.error(
            "INVALID_TYPE",
            PATH,
            json.span,
            format!("\"context\" must be an object of condition keys to values, found {}", json.type_name()),
        );
        return None;
    };
    let mut given: Vec<(String, ContextValue)> = Vec::with_capacity(members.len());
    let mut seen = FirstSeen::ignoring_case();
    let mut ok = true;
    for m in members {
        if m.key.is_empty() {
            d.error("INVALID_CONTEXT_KEY", PATH, m.key_span, "a context key cannot be empty");
            ok = false;
            continue;
        }
        if let Some((first, first_span)) = seen.first_or_insert(m.key, m.key_span) {
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
                        Some(s) => list.push(s),
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
                ContextValue::List(list)
            }
            _ => match scalar(&m.value) {
                Some(s) => ContextValue::Scalar(s),
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
        given.push((m.key.to_string(), value));
    }
    ok.then(|| Context::from_given(given))
}

/// Strings verbatim, numbers as written, booleans as `true` / `false`.
fn scalar(json: &Json) -> Option<String> {
    match json.value {
        JsonValue::String(s) => Some(s.to_string()),
        JsonValue::Number(n) => Some(n.to_string()),
        JsonValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
