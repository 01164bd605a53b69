//! Warnings the service data can give about a scenario, never changing its decision: unknown services and
//! actions in any policy's Action/NotAction and in the request (with a "did you mean"), retired actions,
//! request context keys that do not apply to the action or whose value does not parse as the key's type,
//! and a request resource that fits none of the action's resource types.
//!
//! Codes (stable): `UNKNOWN_SERVICE`, `UNKNOWN_ACTION`, `RETIRED_ACTION`, `CONTEXT_KEY_UNKNOWN`,
//! `CONTEXT_KEY_NOT_APPLICABLE`, `CONTEXT_VALUE_TYPE`, `RESOURCE_TYPE_MISMATCH`, `RESOURCE_NOT_SUPPORTED`.
//! Policy-side diagnostics carry the policy's input name and the pattern's range; request-side ones carry
//! `request.action`, `request.resource` or `request.context` and no range.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::conditions::{parse_base64, parse_bool, parse_date, parse_decimal, parse_ip_address};
use crate::model::{ContextValueRef, Diagnostic, PolicySet, Request, Scenario};

use super::arn::match_in;
use super::data;
use super::decode::Data;
use super::lookup::{Found, find_action, find_service, matches_any};
use super::pattern::has_wildcard;
use super::retired::{is_retired_action, is_retired_service, retired_matching};
use super::suggest::closest;
use super::types::KeyType;

/// Every warning the service data gives about the scenario, policies first (in AWS's evaluation order),
/// then the request.
pub fn check_scenario(scenario: &Scenario) -> Vec<Diagnostic> {
    let mut out = check_policies(&scenario.policies);
    out.extend(check_request_context(&scenario.request));
    out
}

/// The policy-side warnings (unknown or retired actions in Action/NotAction), once per policy set.
pub fn check_policies(policies: &PolicySet) -> Vec<Diagnostic> {
    let d = data();
    let mut out = Vec::new();
    // One borrow of the remembered answers for the whole set, not one per pattern.
    ACTION_CHECKS.with(|cell| {
        let mut fallback = ActionChecks::default();
        let mut borrowed = cell.try_borrow_mut();
        let checks = match borrowed.as_deref_mut() {
            Ok(checks) => checks,
            Err(_) => &mut fallback,
        };
        for policy in policies.all() {
            for statement in &policy.statements {
                for pattern in &statement.action.patterns {
                    if let Some(diag) = remembered(checks, d, pattern.text()) {
                        out.push(diag.with_source(policy.input.clone()).with_range(policy.range(pattern.span)));
                    }
                }
            }
        }
    });
    out
}

/// The request-side warnings (its action, resource and context), once per request.
pub fn check_request_context(request: &Request) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_request(data(), request, &mut out);
    out
}

/// Answers of [`check_action`] by pattern text.
type ActionChecks = HashMap<String, Option<Diagnostic>, BuildHasherDefault<WordHasher>>;

thread_local! {
    /// Answers of [`check_action`] by pattern text. The check is a pure function of the text and the
    /// static data, a wildcard pattern costs a scan of its service's actions, and callers send the same
    /// policies again and again (one-shot `simulate` in a loop, the playground on every keystroke).
    static ACTION_CHECKS: RefCell<ActionChecks> = RefCell::new(HashMap::default());
}

/// A hash of eight bytes at a time (multiply-rotate, in the manner of rustc's FxHash): the remembered
/// answers are keyed by short action patterns looked up a hundred times per simulation, where SipHash's
/// setup, or a byte-at-a-time hash, costs more than the lookup (no untrusted-key flooding concern here:
/// the map is bounded and cleared when full).
#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(WordHasher::K).rotate_left(26);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let tail = chunks.remainder();
        let word = tail.iter().rev().fold(0u64, |word, &b| (word << 8) | u64::from(b));
        // The length tells "ab" from "ab\0".
        self.add(word ^ ((tail.len() as u64) << 59));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// Remembered answers above this many are dropped all at once (a bound, not an eviction policy).
const ACTION_CHECKS_MAX: usize = 4096;

/// [`check_action`] for `text`, remembered in `checks`.
fn remembered(checks: &mut ActionChecks, d: &'static Data, text: &str) -> Option<Diagnostic> {
    if let Some(known) = checks.get(text) {
        return known.clone();
    }
    if checks.len() >= ACTION_CHECKS_MAX {
        checks.clear();
    }
    let answer = check_action(d, text);
    checks.insert(text.to_string(), answer.clone());
    answer
}

/// [`check_action`], remembered per pattern text (in the thread's answers).
#[cfg(test)]
fn check_action_remembered(d: &'static Data, text: &str) -> Option<Diagnostic> {
    ACTION_CHECKS.with(|cell| remembered(&mut cell.borrow_mut(), d, text))
}

/// The warning for one Action/NotAction pattern (or the request's action), if any.
fn check_action(d: &'static Data, text: &str) -> Option<Diagnostic> {
    // `*` is everything; a pattern without `:` is a grammar error the parser reports.
    let (prefix, name) = text.split_once(':')?;
    if matches_any(d, text) {
        return None;
    }
    let wildcard = has_wildcard(text);
    if is_retired_action(text) || (wildcard && !retired_matching(text).is_empty()) {
        let what = if wildcard {
            format!("'{text}' matches only retired actions: AWS no longer lists them")
        } else {
            format!("'{text}' is a retired action: AWS no longer lists it")
        };
        return Some(Diagnostic::warning(
            "RETIRED_ACTION",
            format!("{what} in the Service Authorization Reference, so the pattern grants or denies nothing today"),
        ));
    }
    if has_wildcard(prefix) {
        return Some(Diagnostic::warning("UNKNOWN_ACTION", format!("'{text}' matches no known action")));
    }
    let Some(service) = find_service(d, prefix) else {
        if is_retired_service(prefix) {
            return Some(Diagnostic::warning(
                "UNKNOWN_ACTION",
                format!("Unknown action '{text}': the service '{prefix}' is retired"),
            ));
        }
        let hint = did_you_mean(closest(prefix, d.services.iter().map(|s| s.prefix)).into_iter().map(str::to_string));
        return Some(Diagnostic::warning(
            "UNKNOWN_SERVICE",
            format!("Unknown service prefix '{prefix}' in '{text}'{hint}"),
        ));
    };
    if wildcard {
        return Some(Diagnostic::warning(
            "UNKNOWN_ACTION",
            format!("'{text}' matches no action of {} ({})", service.name, service.prefix),
        ));
    }
    let tables = d.tables(service);
    let near = closest(name, tables.actions.iter().map(|a| tables.action_name(a)));
    let hint = did_you_mean(near.into_iter().map(|n| format!("{}:{n}", service.prefix)));
    Some(Diagnostic::warning("UNKNOWN_ACTION", format!("Unknown action '{text}' for {}{hint}", service.name)))
}

fn did_you_mean(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.map(|n| format!("'{n}'")).collect();
    if names.is_empty() { String::new() } else { format!("; did you mean {}?", names.join(" or ")) }
}

fn check_request(d: &'static Data, request: &Request, out: &mut Vec<Diagnostic>) {
    // An action found by name is known, so `check_action` would say nothing (and a name with a wildcard
    // is never found): one lookup serves both questions.
    let action = find_action(d, &request.action);
    let Some(f) = &action else {
        if let Some(diag) = check_action(d, &request.action) {
            out.push(diag.with_source("request.action"));
        }
        check_context(d, request, None, out);
        return;
    };
    check_resource(f, &request.resource, out);
    check_context(d, request, Some(f), out);
}

/// The context warnings; `action` is the request's action when the data knows it (applicability is judged
/// only then). Messages are built only for the warnings given, by concatenation (cheaper than `format!`).
fn check_context(d: &'static Data, request: &Request, action: Option<&Found>, out: &mut Vec<Diagnostic>) {
    let index = d.key_index();
    for entry in request.context.given() {
        if entry.derived {
            continue;
        }
        // What `find_key` does, with the index fetched once.
        let Some(id) = index.exact(d, entry.key).or_else(|| index.template(d, entry.key)) else {
            let message = concat(&["'", entry.key, "' is not a condition key AWS documents"]);
            context_warning(out, "CONTEXT_KEY_UNKNOWN", message);
            continue;
        };
        let Some(key) = d.keys.get(id as usize) else { continue };
        if let Some(f) = action {
            // The tag keys are global in AWS's list, yet tied to the actions that name them.
            let global = key.global && !index.is_tag_key(id);
            if !global && !applies_to(f, id) {
                let message = concat(&[
                    "'",
                    entry.key,
                    "' does not apply to ",
                    f.service.prefix,
                    ":",
                    f.name(),
                    ": it is not a global key, and the Service Authorization Reference lists it neither for the action nor for its resource types",
                ]);
                context_warning(out, "CONTEXT_KEY_NOT_APPLICABLE", message);
            }
        }
        if let Some(problem) = value_problem(key.key_type, entry.value) {
            let message = concat(&["'", entry.key, "' is of type ", key.key_type.as_str(), ": ", &problem]);
            context_warning(out, "CONTEXT_VALUE_TYPE", message);
        }
    }
}

/// Whether the data ties key `id` to the action: its own keys, its resource-type rows' keys, or the keys of
/// those resource types (the sets `action_key_ids` unites, searched in place: each list is sorted).
fn applies_to(f: &Found, id: u32) -> bool {
    let t = f.tables;
    let has = |list: &[u32]| list.binary_search(&id).is_ok();
    has(t.action_keys(f.action))
        || t.links_of(f.action).iter().any(|l| has(t.id_list(&l.keys)) || has(t.resource_type_keys(l.resource_type)))
}

/// Appends a `request.context` warning. The first reserves room for several: a request with a few
/// warnings then grows the list once, not two or three times (each growth allocates and copies).
fn context_warning(out: &mut Vec<Diagnostic>, code: &str, message: String) {
    if out.capacity() == 0 {
        out.reserve(8);
    }
    out.push(Diagnostic::warning(code, message).with_source("request.context"));
}

/// The parts joined, in one allocation.
fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

fn check_resource(f: &Found, resource: &str, out: &mut Vec<Diagnostic>) {
    if resource == "*" {
        return;
    }
    let links = f.tables.links_of(f.action);
    if links.is_empty() {
        let name = f.full_name();
        out.push(
            Diagnostic::warning(
                "RESOURCE_NOT_SUPPORTED",
                format!("{name} supports no resource-level permissions: AWS authorizes it against Resource \"*\", not '{resource}'"),
            )
            .with_source("request.resource"),
        );
    } else if match_in(f, resource).is_none() {
        let name = f.full_name();
        let expected: Vec<String> = links
            .iter()
            .filter_map(|l| f.tables.resource_types.get(l.resource_type as usize))
            .map(|rt| format!("{} ({})", rt.name, f.tables.text(rt.arn)))
            .collect();
        out.push(
            Diagnostic::warning(
                "RESOURCE_TYPE_MISMATCH",
                format!("'{resource}' matches no resource type of {name}; expected {}", expected.join(", ")),
            )
            .with_source("request.resource"),
        );
    }
}

/// Why a context value does not fit the key's type, if it does not.
fn value_problem<'v>(key_type: KeyType, value: impl Into<ContextValueRef<'v>>) -> Option<String> {
    let element = key_type.element();
    let bad = match value.into() {
        ContextValueRef::Scalar(v) => Some(v).filter(|v| !parses_as(element, v))?,
        ContextValueRef::List([]) => return None,
        ContextValueRef::List(_) if !key_type.is_multivalued() => {
            return Some("it is single-valued, but a list was given (operators without ForAnyValue/ForAllValues then never match)".into());
        }
        ContextValueRef::List(list) => list.iter().find(|v| !parses_as(element, v))?,
    };
    Some(format!("'{bad}' is not {}", describe(element)))
}

fn parses_as(element: KeyType, text: &str) -> bool {
    match element {
        KeyType::Bool => parse_bool(text).is_some(),
        KeyType::Numeric => parse_decimal(text).is_some(),
        KeyType::Date => parse_date(text).is_some(),
        KeyType::IpAddress => parse_ip_address(text).is_some(),
        KeyType::Binary => parse_base64(text).is_some(),
        // arn:partition:service:region:account:resource — six parts, the first literally `arn`.
        KeyType::Arn => text.starts_with("arn:") && text.matches(':').count() >= 5,
        _ => true,
    }
}

fn describe(element: KeyType) -> &'static str {
    match element {
        KeyType::Bool => "true or false",
        KeyType::Numeric => "a number",
        KeyType::Date => "a date (ISO 8601 or epoch seconds)",
        KeyType::IpAddress => "an IP address",
        KeyType::Binary => "base64",
        KeyType::Arn => "an ARN",
        _ => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContextValue;

    fn code(text: &str) -> Option<String> {
        check_action(data(), text).map(|d| format!("{}: {}", d.code, d.message))
    }

    #[test]
    fn action_patterns() {
        assert_eq!(code("s3:GetObject"), None);
        assert_eq!(code("s3:Get*"), None);
        assert_eq!(code("*"), None);
        assert_eq!(
            code("s3:GetObjects").unwrap(),
            "UNKNOWN_ACTION: Unknown action 's3:GetObjects' for Amazon S3; did you mean 's3:GetObject'?"
        );
        assert_eq!(
            code("s4:GetObject").unwrap(),
            "UNKNOWN_SERVICE: Unknown service prefix 's4' in 's4:GetObject'; did you mean 's3'?"
        );
        assert_eq!(code("s3:Nothing*").unwrap(), "UNKNOWN_ACTION: 's3:Nothing*' matches no action of Amazon S3 (s3)");
        assert_eq!(code("zz*:Nothing").unwrap(), "UNKNOWN_ACTION: 'zz*:Nothing' matches no known action");
        assert!(
            code("account:GetChallengeQuestions")
                .unwrap()
                .starts_with("RETIRED_ACTION: 'account:GetChallengeQuestions' is a retired action")
        );
        assert!(code("deeplens:*").unwrap().starts_with("RETIRED_ACTION: 'deeplens:*' matches only retired actions"));
        assert_eq!(
            code("deeplens:Nope").unwrap(),
            "UNKNOWN_ACTION: Unknown action 'deeplens:Nope': the service 'deeplens' is retired"
        );
    }

    #[test]
    fn value_types() {
        let s = |v: &str| ContextValue::Scalar(v.to_string());
        assert_eq!(value_problem(KeyType::IpAddress, &s("10.0.0.1")), None);
        assert_eq!(value_problem(KeyType::IpAddress, &s("ten")).unwrap(), "'ten' is not an IP address");
        assert_eq!(value_problem(KeyType::Bool, &s("TRUE")), None);
        assert_eq!(value_problem(KeyType::Numeric, &s("1.5")), None);
        assert!(value_problem(KeyType::Date, &s("yesterday")).is_some());
        assert_eq!(value_problem(KeyType::Date, &s("2024-01-01T00:00:00Z")), None);
        assert!(value_problem(KeyType::Arn, &s("role/x")).is_some());
        assert_eq!(value_problem(KeyType::ArrayOfString, &ContextValue::List(vec!["a".into(), "b".into()])), None);
        assert!(
            value_problem(KeyType::String, &ContextValue::List(vec!["a".into()])).unwrap().contains("single-valued")
        );
        assert_eq!(value_problem(KeyType::String, &ContextValue::List(vec![])), None);
        assert!(
            value_problem(KeyType::ArrayOfBool, &ContextValue::List(vec!["true".into(), "maybe".into()])).is_some()
        );
    }

    #[test]
    fn remembered_action_checks_answer_as_fresh_ones_past_the_bound() {
        let d = data();
        for text in ["s3:Get*", "s3:GetObjects", "s4:GetObject", "s3:GetObject", "*"] {
            let fresh = check_action(d, text);
            assert_eq!(check_action_remembered(d, text), fresh, "{text}");
            assert_eq!(check_action_remembered(d, text), fresh, "{text} remembered");
        }
        for i in 0..ACTION_CHECKS_MAX + 10 {
            let text = format!("s3:NoSuchAction{i}");
            assert_eq!(check_action_remembered(d, &text), check_action(d, &text));
        }
        assert!(ACTION_CHECKS.with(|c| c.borrow().len()) <= ACTION_CHECKS_MAX);
        assert_eq!(check_action_remembered(d, "s3:GetObjects"), check_action(d, "s3:GetObjects"));
    }
}
