//! The Principal / NotPrincipal element (spec/evaluation.md §3.1): `"*"` or a map from type (`AWS`,
//! `Service`, `Federated`, `CanonicalUser`) to one value or a list. Rejects what IAM rejects: partial
//! wildcards, `"Service": "*"`, group ARNs, unknown types, malformed values, Federated outside trust policies.

use crate::model::{PolicyType, PrincipalElement, PrincipalEntry, PrincipalKey, ResourcePolicyKind};

use super::super::arn::{PrincipalArn, WEB_IDENTITY_PROVIDERS, is_account_id, parse_arn, principal_arn};
use super::super::{Json, JsonValue, Member, did_you_mean};
use super::Ctx;

const TYPES: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

pub(super) fn read_principal(cx: &mut Ctx, m: &Member, negated: bool) -> Option<PrincipalElement> {
    let element = m.key;
    let entries = match m.value.value {
        JsonValue::String(s) if s == "*" => {
            vec![PrincipalEntry { key: PrincipalKey::Star, value: s.to_string(), span: m.value.span }]
        }
        JsonValue::String(s) => {
            cx.error(
                "INVALID_PRINCIPAL",
                m.value.span,
                format!(
                    "\"{element}\": \"{s}\" is not valid: as a string it can only be \"*\"; name principals in an object such as {{\"AWS\": \"{s}\"}}"
                ),
            );
            return None;
        }
        JsonValue::Object([]) => {
            cx.error(
                "EMPTY_ELEMENT",
                m.value.span,
                format!("\"{element}\" is an empty object; name at least one principal"),
            );
            return None;
        }
        JsonValue::Object(members) => {
            let mut entries = Vec::new();
            let mut ok = true;
            for tm in members {
                ok &= read_type(cx, tm, &mut entries);
            }
            if !ok {
                return None;
            }
            entries
        }
        _ => {
            cx.error(
                "INVALID_TYPE",
                m.value.span,
                format!(
                    "\"{element}\" must be \"*\" or an object such as {{\"AWS\": \"...\"}}, found {}",
                    m.value.type_name()
                ),
            );
            return None;
        }
    };
    Some(PrincipalElement { negated, entries, span: m.span() })
}

/// One `"Type": value(s)` member; false when it has an error.
fn read_type(cx: &mut Ctx, tm: &Member, entries: &mut Vec<PrincipalEntry>) -> bool {
    let key = match tm.key {
        "AWS" => PrincipalKey::Aws,
        "Service" => PrincipalKey::Service,
        "Federated" => PrincipalKey::Federated,
        "CanonicalUser" => PrincipalKey::CanonicalUser,
        other => {
            let hint = did_you_mean(other, &TYPES);
            cx.error(
                "UNKNOWN_PRINCIPAL_TYPE",
                tm.key_span,
                format!("unknown principal type \"{other}\"{hint}; use \"AWS\", \"Service\", \"Federated\" or \"CanonicalUser\""),
            );
            return false;
        }
    };
    if key == PrincipalKey::Federated && !cx.is_trust() {
        let words = cx.words();
        cx.error(
            "FEDERATED_OUTSIDE_TRUST",
            tm.key_span,
            format!("\"Federated\" principals are only valid in role trust policies, not in {words}"),
        );
        return false;
    }
    let values: &[Json] = match tm.value.value {
        JsonValue::String(_) => std::slice::from_ref(&tm.value),
        JsonValue::Array([]) => {
            cx.error(
                "EMPTY_ELEMENT",
                tm.value.span,
                format!("\"{}\" is an empty array; name at least one principal", tm.key),
            );
            return false;
        }
        JsonValue::Array(items) => items,
        _ => {
            cx.error(
                "INVALID_TYPE",
                tm.value.span,
                format!("\"{}\" must be a string or an array of strings, found {}", tm.key, tm.value.type_name()),
            );
            return false;
        }
    };
    let mut ok = true;
    for v in values {
        let Some(text) = v.as_str() else {
            cx.error(
                "INVALID_TYPE",
                v.span,
                format!("each \"{}\" principal must be a string, found {}", tm.key, v.type_name()),
            );
            ok = false;
            continue;
        };
        let check = match key {
            PrincipalKey::Aws => check_aws(text),
            PrincipalKey::Service => check_service(text),
            PrincipalKey::Federated => check_federated(text),
            PrincipalKey::CanonicalUser => check_canonical(cx, text),
            PrincipalKey::Star => Ok(()),
        };
        match check {
            Ok(()) => entries.push(PrincipalEntry { key, value: text.to_string(), span: v.span }),
            Err((code, message)) => {
                cx.error(code, v.span, message);
                ok = false;
            }
        }
        if key == PrincipalKey::Service && !text.contains('*') && !is_usual_service_principal(text) {
            cx.warning(
                "UNUSUAL_SERVICE_PRINCIPAL",
                v.span,
                format!("\"{text}\" does not look like a service principal (e.g. \"lambda.amazonaws.com\")"),
            );
        }
    }
    ok
}

type Check = Result<(), (&'static str, String)>;

fn wildcard(text: &str, what: &str) -> Check {
    Err(("PRINCIPAL_WILDCARD", format!("\"{text}\": wildcards cannot match part of a principal; {what}")))
}

fn check_aws(text: &str) -> Check {
    if text == "*" || is_account_id(text) || is_unique_id(text) {
        return Ok(());
    }
    if text.contains(['*', '?']) {
        return wildcard(text, "use \"*\" alone (everyone) with conditions such as aws:PrincipalArn instead");
    }
    let form = parse_arn(text).as_ref().and_then(principal_arn);
    match form {
        Some(
            PrincipalArn::Root
            | PrincipalArn::User(_)
            | PrincipalArn::Role { .. }
            | PrincipalArn::AssumedRole { .. }
            | PrincipalArn::FederatedUser(_),
        ) => Ok(()),
        Some(PrincipalArn::Group) => Err((
            "GROUP_PRINCIPAL",
            format!("\"{text}\": a user group cannot be a principal; name its users, or the account"),
        )),
        Some(PrincipalArn::SamlProvider | PrincipalArn::OidcProvider) => Err((
            "INVALID_PRINCIPAL",
            format!("\"{text}\" is an identity provider: name it under \"Federated\", not \"AWS\""),
        )),
        None => Err((
            "INVALID_PRINCIPAL",
            format!(
                "\"{text}\" is not an AWS principal: use an account id, or an IAM root, user, role, assumed-role or federated-user ARN"
            ),
        )),
    }
}

/// `AIDA…` (user) or `AROA…` (role) unique ids: upper-case letters and digits.
fn is_unique_id(text: &str) -> bool {
    (text.starts_with("AIDA") || text.starts_with("AROA"))
        && text.len() >= 16
        && text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn check_service(text: &str) -> Check {
    if text.contains(['*', '?']) {
        return wildcard(text, "name each service, e.g. \"lambda.amazonaws.com\"");
    }
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return Err(("INVALID_PRINCIPAL", format!("\"{text}\" is not a service principal")));
    }
    Ok(())
}

fn is_usual_service_principal(text: &str) -> bool {
    text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") || text.ends_with(".amazon.com")
}

fn check_federated(text: &str) -> Check {
    if text.contains(['*', '?']) {
        return wildcard(text, "name the identity provider");
    }
    if WEB_IDENTITY_PROVIDERS.contains(&text) {
        return Ok(());
    }
    match parse_arn(text).as_ref().and_then(principal_arn) {
        Some(PrincipalArn::SamlProvider | PrincipalArn::OidcProvider) => Ok(()),
        _ => Err((
            "INVALID_PRINCIPAL",
            format!(
                "\"{text}\" is not a federation source: use a saml-provider or oidc-provider ARN, or one of {}",
                WEB_IDENTITY_PROVIDERS.join(", ")
            ),
        )),
    }
}

fn check_canonical(cx: &Ctx, text: &str) -> Check {
    if cx.policy_type != PolicyType::Resource || cx.kind != ResourcePolicyKind::Generic {
        return Err((
            "INVALID_PRINCIPAL",
            format!("\"CanonicalUser\" principals are for S3 bucket policies, not {}", cx.words()),
        ));
    }
    if text.contains(['*', '?']) {
        return wildcard(text, "name the canonical user id");
    }
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(("INVALID_PRINCIPAL", format!("\"{text}\" is not a canonical user id (64 hexadecimal digits)")));
    }
    Ok(())
}
