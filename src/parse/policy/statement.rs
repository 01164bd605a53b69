//! One statement: its elements, their shapes, and the element matrix of spec/evaluation.md §5.2 (which
//! elements each policy type requires, allows or forbids), including the RCP authoring rules.

use crate::model::{
    ActionElement, Effect, OneOrMany, Pattern, PolicyStr, PolicyType, PrincipalElement, PrincipalKey, ResourceElement,
    Statement,
};
use crate::source::Span;

use super::super::seen::FirstSeen;
use super::super::{Json, JsonValue, Member, did_you_mean};
use super::{Ctx, condition, principal};

pub(super) const STATEMENT_ELEMENTS: [&str; 9] =
    ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// The members of one statement, by element name.
#[derive(Default)]
struct Elements<'a> {
    sid: Option<&'a Member<'a>>,
    effect: Option<&'a Member<'a>>,
    principal: Option<&'a Member<'a>>,
    not_principal: Option<&'a Member<'a>>,
    action: Option<&'a Member<'a>>,
    not_action: Option<&'a Member<'a>>,
    resource: Option<&'a Member<'a>>,
    not_resource: Option<&'a Member<'a>>,
    condition: Option<&'a Member<'a>>,
}

pub(super) fn read_statement<'j>(
    cx: &mut Ctx,
    json: &'j Json,
    index: usize,
    sids: &mut FirstSeen<'j>,
) -> Option<Statement> {
    let Some(members) = json.as_object() else {
        cx.error("INVALID_TYPE", json.span, format!("a statement must be an object, found {}", json.type_name()));
        return None;
    };
    let mut e = Elements::default();
    for m in members {
        let slot = match m.key {
            "Sid" => &mut e.sid,
            "Effect" => &mut e.effect,
            "Principal" => &mut e.principal,
            "NotPrincipal" => &mut e.not_principal,
            "Action" => &mut e.action,
            "NotAction" => &mut e.not_action,
            "Resource" => &mut e.resource,
            "NotResource" => &mut e.not_resource,
            "Condition" => &mut e.condition,
            other => {
                let hint = did_you_mean(other, &STATEMENT_ELEMENTS);
                cx.error(
                    "UNKNOWN_ELEMENT",
                    m.key_span,
                    format!("unknown statement element \"{other}\"{hint}; element names are case-sensitive"),
                );
                continue;
            }
        };
        *slot = Some(m);
    }
    let open = json.opening();

    let sid = read_sid(cx, e.sid, sids);
    let effect = read_effect(cx, e.effect, open);
    let principal = read_principal_pair(cx, &e, effect, open);
    let action = read_action_pair(cx, &e, open);
    let resource = read_resource_pair(cx, &e, open);
    let conditions = e.condition.map(|m| condition::read_condition(cx, m)).unwrap_or_default();

    if cx.policy_type == PolicyType::Rcp {
        check_rcp(cx, &e, effect, principal.as_ref(), action.as_ref(), resource.as_ref());
    }

    Some(Statement { index, sid, effect: effect?, principal, action: action?, resource, conditions, span: json.span })
}

fn read_sid<'j>(cx: &mut Ctx, m: Option<&'j Member>, sids: &mut FirstSeen<'j>) -> Option<PolicyStr> {
    let m = m?;
    let Some(sid) = m.value.as_str() else {
        cx.error("INVALID_TYPE", m.value.span, format!("\"Sid\" must be a string, found {}", m.value.type_name()));
        return None;
    };
    // IAM enforces the charset and uniqueness; other services (and Organizations) have their own rules, so
    // there it is only a warning.
    let strict = cx.is_iam_policy();
    if !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let message = format!("Sid \"{sid}\" may contain only letters and digits (A-Z, a-z, 0-9)");
        if strict {
            cx.error("INVALID_SID", m.value.span, message);
        } else {
            cx.warning("INVALID_SID", m.value.span, format!("{message} in IAM; this service may accept it"));
        }
    }
    if !sid.is_empty() {
        if let Some((_, first)) = sids.first_or_insert(sid, m.value.span) {
            let line = cx.d.origin.range(first).start.line;
            let message =
                format!("Sid \"{sid}\" is already used by another statement (line {line}); Sids must be unique");
            if strict {
                cx.error("DUPLICATE_SID", m.value.span, message);
            } else {
                cx.warning("DUPLICATE_SID", m.value.span, message);
            }
        }
    }
    Some(PolicyStr::in_source(&cx.d.origin, sid, m.value.span))
}

fn read_effect(cx: &mut Ctx, m: Option<&Member>, open: Span) -> Option<Effect> {
    let Some(m) = m else {
        cx.error("MISSING_ELEMENT", open, "the statement has no \"Effect\"; add \"Effect\": \"Allow\" or \"Deny\"");
        return None;
    };
    match m.value.as_str() {
        Some("Allow") => Some(Effect::Allow),
        Some("Deny") => Some(Effect::Deny),
        Some(other) => {
            let hint = did_you_mean(other, &["Allow", "Deny"]);
            cx.error(
                "INVALID_EFFECT",
                m.value.span,
                format!("\"Effect\" must be \"Allow\" or \"Deny\" (case-sensitive), found \"{other}\"{hint}"),
            );
            None
        }
        None => {
            cx.error(
                "INVALID_TYPE",
                m.value.span,
                format!("\"Effect\" must be the string \"Allow\" or \"Deny\", found {}", m.value.type_name()),
            );
            None
        }
    }
}

/// Both members of an exclusive pair, when both are present: an error at the second one.
fn conflict(cx: &mut Ctx, a: Option<&Member>, b: Option<&Member>) -> bool {
    if let (Some(a), Some(b)) = (a, b) {
        let later = if a.key_span.start > b.key_span.start { a } else { b };
        cx.error(
            "CONFLICTING_ELEMENTS",
            later.key_span,
            format!("a statement cannot have both \"{}\" and \"{}\"; use one of them", a.key, b.key),
        );
        return true;
    }
    false
}

fn not_allowed(cx: &mut Ctx, m: &Member, why: &str) {
    let words = cx.words();
    cx.error("ELEMENT_NOT_ALLOWED", m.key_span, format!("\"{}\" is not allowed in {words}{why}", m.key));
}

fn read_principal_pair(cx: &mut Ctx, e: &Elements, effect: Option<Effect>, open: Span) -> Option<PrincipalElement> {
    let allowed = matches!(cx.policy_type, PolicyType::Resource | PolicyType::Rcp);
    if !allowed {
        for m in [e.principal, e.not_principal].into_iter().flatten() {
            not_allowed(cx, m, ": the principal is whoever the policy is attached to");
        }
        return None;
    }
    if conflict(cx, e.principal, e.not_principal) {
        return None;
    }
    if let Some(m) = e.principal {
        return principal::read_principal(cx, m, false);
    }
    if let Some(m) = e.not_principal {
        if cx.is_trust() || cx.policy_type == PolicyType::Rcp {
            not_allowed(cx, m, "");
            return None;
        }
        if effect == Some(Effect::Allow) {
            // AMBIGUOUS in older docs; strictGrammar's default (and the current docs) make it an error.
            cx.error(
                "NOTPRINCIPAL_WITH_ALLOW",
                m.key_span,
                "\"NotPrincipal\" can only be used with \"Effect\": \"Deny\"",
            );
        } else {
            cx.warning(
                "NOTPRINCIPAL_DISCOURAGED",
                m.key_span,
                "AWS recommends \"Principal\": \"*\" with an ArnNotEquals condition on aws:PrincipalArn instead of \"NotPrincipal\"",
            );
        }
        return principal::read_principal(cx, m, true);
    }
    let words = cx.words();
    cx.error(
        "MISSING_ELEMENT",
        open,
        format!("the statement has no \"Principal\"; {words} must say whom it applies to"),
    );
    None
}

fn read_action_pair(cx: &mut Ctx, e: &Elements, open: Span) -> Option<ActionElement> {
    if conflict(cx, e.action, e.not_action) {
        return None;
    }
    let m = match (e.action, e.not_action) {
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => {
            cx.error("MISSING_ELEMENT", open, "the statement has no \"Action\" (or \"NotAction\")");
            return None;
        }
    };
    let negated = m.key == "NotAction";
    if negated && cx.policy_type == PolicyType::Rcp {
        not_allowed(cx, m, "");
    }
    let patterns = string_list(cx, m, |cx, p| {
        if is_action_pattern(p.text()) {
            return true;
        }
        cx.error(
            "INVALID_ACTION",
            p.span,
            format!("\"{}\" is not an action: write service:ActionName (e.g. \"s3:GetObject\") or \"*\"", p.text()),
        );
        false
    })?;
    Some(ActionElement { negated, patterns, span: m.span() })
}

/// `*`, or `prefix:name` with both parts non-empty and no whitespace (wildcards allowed anywhere).
fn is_action_pattern(text: &str) -> bool {
    if text == "*" {
        return true;
    }
    // Bytes up to the space are whitespace or control characters, bytes from 0x80 start non-ASCII
    // characters: both are rare, and `char::is_whitespace` judges them (ASCII whitespace included).
    let bytes = text.as_bytes();
    let plain = bytes.iter().all(|&b| b > b' ' && b < 0x80);
    match bytes.iter().position(|&b| b == b':') {
        Some(colon) => colon > 0 && colon + 1 < bytes.len() && (plain || !text.chars().any(char::is_whitespace)),
        None => false,
    }
}

fn read_resource_pair(cx: &mut Ctx, e: &Elements, open: Span) -> Option<ResourceElement> {
    if cx.is_trust() {
        for m in [e.resource, e.not_resource].into_iter().flatten() {
            not_allowed(cx, m, ": the role itself is the resource");
        }
        return None;
    }
    if conflict(cx, e.resource, e.not_resource) {
        return None;
    }
    let m = match (e.resource, e.not_resource) {
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => {
            cx.error("MISSING_ELEMENT", open, "the statement has no \"Resource\" (or \"NotResource\")");
            return None;
        }
    };
    let patterns = string_list(cx, m, |cx, p| {
        if !p.text().is_empty() {
            return true;
        }
        cx.error("EMPTY_ELEMENT", p.span, format!("an empty string is not a resource in \"{}\"", m.key));
        false
    })?;
    Some(ResourceElement { negated: m.key == "NotResource", patterns, span: m.span() })
}

/// A string or a non-empty array of strings, each of which `valid` accepts (it reports those it does not;
/// it sees none when some value is not a string). Arrays go into the policy's pattern pool.
fn string_list(
    cx: &mut Ctx,
    m: &Member,
    mut valid: impl FnMut(&mut Ctx, &Pattern) -> bool,
) -> Option<OneOrMany<Pattern>> {
    match m.value.value {
        JsonValue::String(s) => {
            let pattern = Pattern::in_source(&cx.d.origin, s, m.value.span);
            valid(cx, &pattern).then_some(OneOrMany::One(pattern))
        }
        JsonValue::Array([]) => {
            cx.error(
                "EMPTY_ELEMENT",
                m.value.span,
                format!("\"{}\" is an empty array; list at least one value", m.key),
            );
            None
        }
        JsonValue::Array(items) => {
            let mut strings = true;
            for item in items.iter().filter(|item| item.as_str().is_none()) {
                cx.error(
                    "INVALID_TYPE",
                    item.span,
                    format!("each value of \"{}\" must be a string, found {}", m.key, item.type_name()),
                );
                strings = false;
            }
            if !strings {
                return None;
            }
            let mark = cx.pools.patterns.mark();
            let mut ok = true;
            for (item, s) in items.iter().filter_map(|item| Some((item, item.as_str()?))) {
                let pattern = Pattern::in_source(&cx.d.origin, s, item.span);
                ok &= valid(cx, &pattern);
                cx.pools.patterns.push(pattern);
            }
            if ok {
                Some(cx.pools.patterns.take_list(mark))
            } else {
                cx.pools.patterns.discard(mark);
                None
            }
        }
        _ => {
            cx.error(
                "INVALID_TYPE",
                m.value.span,
                format!("\"{}\" must be a string or an array of strings, found {}", m.key, m.value.type_name()),
            );
            None
        }
    }
}

/// RCPs (spec §5.2): Deny only, except the RCPFullAWSAccess statement (Allow `*` on `*` for `*`, nothing
/// else); a Deny's actions must name a service (not `*` alone).
fn check_rcp(
    cx: &mut Ctx,
    e: &Elements,
    effect: Option<Effect>,
    principal: Option<&PrincipalElement>,
    action: Option<&ActionElement>,
    resource: Option<&ResourceElement>,
) {
    if let (Some(m), Some(p)) = (e.principal, principal) {
        let star = p.entries.iter().all(|en| en.value == "*") && p.entries.len() == 1;
        match p.entries.first().map(|en| en.key) {
            Some(PrincipalKey::Star) if star => {}
            Some(PrincipalKey::Aws) if star => cx.warning(
                "RCP_PRINCIPAL_AWS_STAR",
                m.value.span,
                "an RCP's principal is written \"Principal\": \"*\"; {\"AWS\": \"*\"} is read as the same",
            ),
            _ => cx.error(
                "RCP_PRINCIPAL_NOT_STAR",
                m.value.span,
                "an RCP applies to every caller: its \"Principal\" must be \"*\" (use conditions to narrow it)",
            ),
        }
    }
    // A one-item list is always kept inline (see `ListPool::take_list`).
    let only_star = |patterns: &OneOrMany<Pattern>| matches!(patterns, OneOrMany::One(p) if p.text() == "*");
    match effect {
        Some(Effect::Allow) => {
            let full_access = principal.is_some()
                && action.is_some_and(|a| !a.negated && only_star(&a.patterns))
                && resource.is_some_and(|r| !r.negated && only_star(&r.patterns))
                && e.condition.is_none();
            if !full_access {
                if let Some(m) = e.effect {
                    cx.error(
                        "RCP_ALLOW_NOT_FULL_ACCESS",
                        m.value.span,
                        "RCPs can only deny: the one Allow statement allowed is RCPFullAWSAccess (Principal \"*\", Action \"*\", Resource \"*\", no Condition)",
                    );
                }
            }
        }
        Some(Effect::Deny) => {
            // The lists are still in the policy's pool: read them there.
            let patterns = action.map(|a| cx.pools.patterns_of(&a.patterns)).unwrap_or_default();
            let unnamed: Vec<(Span, String)> = patterns
                .iter()
                .filter(|p| p.text().split_once(':').map_or(p.text(), |(prefix, _)| prefix).contains(['*', '?']))
                .map(|p| (p.span, p.text().to_string()))
                .collect();
            for (span, text) in unnamed {
                cx.error(
                    "RCP_ACTION_WILDCARD",
                    span,
                    format!("an RCP action must name its service (e.g. \"s3:*\"); \"{text}\" does not"),
                );
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_patterns_have_a_service_and_a_name_and_no_whitespace() {
        for ok in ["*", "s3:Get*", "s3:*", "*:*", "ec2:Describe?nstances"] {
            assert!(is_action_pattern(ok), "{ok}");
        }
        for bad in
            ["s3", ":Get", "s3:", "s3:Get Object", "s3:Get\tx", "s3:Get\u{b}x", "s3:Get\u{a0}x", "s3:Gét\u{2003}"]
        {
            assert!(!is_action_pattern(bad), "{bad:?}");
        }
        assert!(is_action_pattern("s3:Gét"), "non-ASCII letters are not whitespace");
        assert!(
            is_action_pattern("a:b:c")
                && is_action_pattern("s3::x")
                && !is_action_pattern(":")
                && !is_action_pattern("")
        );
        assert!(!is_action_pattern("é:") && !is_action_pattern(":é") && is_action_pattern("é:x"));
    }
}
