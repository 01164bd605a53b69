//! JSON text -> model. A span-keeping JSON reader (duplicate keys rejected, depth and size limited), the
//! policy grammar for each policy type, and the scenario reader (unknown fields rejected). Every problem is
//! a [`crate::model::Diagnostic`] with a stable code, a `source` (which input) and a range. Errors make the
//! value unusable ([`Parsed::value`] is `None` exactly when some diagnostic is an error); warnings and infos
//! do not. Nothing here evaluates anything.
//!
//! Entry points: [`parse_json`]; [`parse_policy_text`] / [`policy_from_json`] for one policy;
//! [`parse_scenario`], and for the prepared form [`parse_policy_set`], [`parse_request`], [`parse_options`]
//! (plus their `*_from_json` tree-level forms).
//!
//! ## Diagnostic codes
//!
//! | Code | Severity | Meaning |
//! |---|---|---|
//! | `JSON_SYNTAX` | error | not JSON; the message says what was expected, the range is the exact spot |
//! | `DUPLICATE_KEY` | error | a key repeated in one object (any level); points at the second one |
//! | `JSON_TOO_DEEP` | error | arrays/objects nested deeper than [`Limits::MAX_DEPTH`] (64) |
//! | `INPUT_TOO_LARGE` | error | the text exceeds [`Limits::max_bytes`] (16 MiB for a scenario) |
//! | `POLICY_TOO_LARGE` | error | a policy over 131,072 characters, whitespace included (the AWS simulator's limit) |
//! | `INVALID_TYPE` | error | a policy element or scenario field has the wrong JSON type |
//! | `UNKNOWN_ELEMENT` | error | a policy or statement element IAM does not know (names are case-sensitive) |
//! | `MISSING_ELEMENT` | error | no Statement, Effect, Action/NotAction, Resource/NotResource or Principal where required |
//! | `EMPTY_ELEMENT` | error | an empty array (Statement, Action, Resource, a principal list), `{}` as Principal, `""` as a resource |
//! | `CONFLICTING_ELEMENTS` | error | Action+NotAction, Resource+NotResource or Principal+NotPrincipal in one statement |
//! | `ELEMENT_NOT_ALLOWED` | error | Principal/NotPrincipal in identity, boundary, session, SCP; NotPrincipal in trust/RCP; Resource/NotResource in trust; NotAction in RCP |
//! | `MISSING_VERSION` | warning | no Version: evaluated without policy variables |
//! | `INVALID_VERSION` | error | Version other than 2012-10-17 / 2008-10-17 |
//! | `VERSION_REQUIRED` | error | an SCP or RCP without Version 2012-10-17 |
//! | `ID_IN_IDENTITY_POLICY` | error | Id in an identity policy, boundary or session policy (spec AMBIGUOUS; strictGrammar default) |
//! | `INVALID_SID` | error / warning | Sid with characters other than A-Za-z0-9 (error in IAM policies incl. trust, warning elsewhere) |
//! | `DUPLICATE_SID` | error / warning | Sid repeated in one policy (same split) |
//! | `INVALID_EFFECT` | error | Effect other than `Allow` / `Deny` |
//! | `INVALID_ACTION` | error | policy action not `*` or `service:Name`; request action not a literal `service:Name` |
//! | `INVALID_PRINCIPAL` | error | malformed principal value; Principal a string other than `*`; unrecognised request principal |
//! | `UNKNOWN_PRINCIPAL_TYPE` | error | principal type key other than AWS, Service, Federated, CanonicalUser |
//! | `PRINCIPAL_WILDCARD` | error | partial wildcards (`user/*`, `arn:aws:iam::*:root`), `"Service": "*"` |
//! | `GROUP_PRINCIPAL` | error | a group ARN as principal (spec AMBIGUOUS; strictGrammar default) |
//! | `FEDERATED_OUTSIDE_TRUST` | error | a Federated principal outside a role trust policy |
//! | `UNUSUAL_SERVICE_PRINCIPAL` | warning | a Service principal not ending in amazonaws.com (or .cn, amazon.com) |
//! | `NOTPRINCIPAL_WITH_ALLOW` | error | NotPrincipal with Effect Allow (spec AMBIGUOUS; strictGrammar default) |
//! | `NOTPRINCIPAL_DISCOURAGED` | warning | NotPrincipal (with Deny) in a resource policy |
//! | `RCP_PRINCIPAL_NOT_STAR` | error | an RCP principal other than `"*"` |
//! | `RCP_PRINCIPAL_AWS_STAR` | warning | an RCP principal written `{"AWS": "*"}` (read as `"*"`) |
//! | `RCP_ALLOW_NOT_FULL_ACCESS` | error | an RCP Allow other than RCPFullAWSAccess |
//! | `RCP_ACTION_WILDCARD` | error | an RCP Deny action without a service prefix (`*`, `*:Get*`) |
//! | `TRUST_POLICY_INFERRED` | info | a resource policy of unspecified kind read as a role trust policy |
//! | `UNKNOWN_OPERATOR` | error | a condition operator IAM does not know (case-sensitive; qualifier typos) |
//! | `NULL_IF_EXISTS` | error | NullIfExists, with or without qualifier |
//! | `INVALID_CONDITION_VALUE` | error | a condition value that is null, an object or a nested array |
//! | `INVALID_CONDITION_KEY` | error | an empty condition key |
//! | `EMPTY_CONDITION` | info | an empty Condition block, or an operator with no keys |
//! | `EMPTY_CONDITION_VALUES` | info | a condition key with `[]` as its values |
//! | `CONDITION_KEY_CASE_DUPLICATE` | warning | two keys of one operator differing only in case (both apply) |
//! | `UNKNOWN_FIELD` | error | a scenario field we do not know; names the allowed ones, with a typo hint |
//! | `MISSING_FIELD` | error | request, principal, action, document, or a field the principal's kind needs |
//! | `INVALID_VALUE` | error | a field of the right type with a value outside its set (kind, source, type, notPrincipalMode, roleArn, ...) |
//! | `INVALID_ACCOUNT_ID` | error | an account that is not 12 digits |
//! | `PRINCIPAL_KIND_MISMATCH` | error | `kind` disagrees with what the ARN names |
//! | `PRINCIPAL_FIELD_MISMATCH` | error | account, roleArn, sessionName, userArn, service or provider disagree with the ARN |
//! | `PRINCIPAL_ROLE_AS_SESSION` | info | a role ARN given as the caller: simulated as its session `iamsim` |
//! | `PRINCIPAL_ACCOUNT_AS_ROOT` | info | a bare account id given as the caller: simulated as its root user |
//! | `FIELD_IGNORED` | warning | a principal field that does not apply to its kind |
//! | `ROOT_CANNOT_ASSUME_ROLE` | error | the root user calling sts:AssumeRole* |
//! | `REQUEST_RESOURCE_NOT_ARN` | warning | a request resource that is neither `*` nor an ARN |
//! | `CONTEXT_KEY_CASE_CONFLICT` | error | two context keys differing only in case |
//! | `TAG_KEY_CASE_CONFLICT` | error | two principal tag (or session tag) keys differing only in case |
//! | `INVALID_CONTEXT_KEY` | error | an empty context key |
//! | `DUPLICATE_POLICY_ID` | warning | two policies with the same `id` |
//! | `GROUP_WITHOUT_GROUP_SOURCE` | warning | `group` given with a `source` other than `group` |
//! | `EMPTY_SCP_LEVEL` | warning | an SCP level with no policies (denies everything) |
//! | `TOO_MANY_LEVELS` | warning | more than 7 SCP or RCP levels |
//! | `INTERNAL_ERROR` | error | a value missing without an explaining diagnostic (a bug; never expected) |
//!
//! ## Scenario extensions beyond design.md §3
//!
//! - A policy slot takes policy text (a string, parsed as its own text: positions then refer to that
//!   string), a policy document (an object), or a wrapper `{ id?, document, source?, group?, type? }` —
//!   any object with a `document` member is a wrapper. `source` is one of `user`, `group`, `role`,
//!   `aws-managed`, `user-managed`, `inline` (and `resource`, `none`, as the conformance corpus writes);
//!   `group` alone implies `source: "group"`; `type` (resource slot only) is `resource`, `trust` or `kmsKey`
//!   (absent: inferred, see [`PolicyInput::resource_kind`]).
//! - Positional ids when `id` is absent: `identity[0]`, `session[1]`, `permissionsBoundary`, `resource`,
//!   `scp[1][0]`, `rcp[0][2]`; diagnostics' `source` is the input path, e.g. `policies.identity[0]`.
//! - `request.principal.sourceIdentity` (string) and `options.notPrincipalMode` (`strict` | `lenient`).
//! - A principal string may also be a bare 12-digit account id (its root user) or `*` (anonymous).
//! - An optional field set to `null` counts as absent.

mod arn;
pub mod json;
pub mod policy;
pub mod scenario;
mod seen;

use std::sync::Arc;

use crate::model::{Diagnostic, Severity};
use crate::source::{SourceText, Span};

pub use json::{Json, JsonArena, JsonError, JsonValue, Limits, Member, parse_json, parse_json_indexed};
pub use policy::{PolicyInput, parse_policy_text, policy_from_json};
pub use scenario::{
    options_from_json, parse_options, parse_policy_set, parse_request, parse_request_owned, parse_scenario,
    parse_scenario_owned, policy_set_from_json, request_from_json, scenario_from_json,
};

/// The AWS simulator's limit for one policy text, whitespace included.
pub const POLICY_MAX_CHARS: usize = 131_072;

/// A parse result: the value when no diagnostic is an error, and every diagnostic either way.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// Keeps `value` only when no diagnostic is an error (so `value` is `None` iff there is one).
    pub fn new(value: Option<T>, diagnostics: Vec<Diagnostic>) -> Parsed<T> {
        let has_error = diagnostics.iter().any(Diagnostic::is_error);
        let value = if has_error { None } else { value };
        let diagnostics = if value.is_none() && !has_error {
            // A value can only be missing because of an error; say so rather than fail silently.
            let mut d = diagnostics;
            d.push(Diagnostic::error("INTERNAL_ERROR", "the input could not be read (no diagnostic explains why)"));
            d
        } else {
            diagnostics
        };
        Parsed { value, diagnostics }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed { value: self.value.map(f), diagnostics: self.diagnostics }
    }
}

/// Collects diagnostics located in one text.
pub(crate) struct Diags {
    pub origin: Arc<SourceText>,
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn new(origin: Arc<SourceText>) -> Diags {
        Diags { origin, list: Vec::new() }
    }

    pub fn push(&mut self, severity: Severity, code: &str, source: &str, span: Span, message: impl Into<String>) {
        let d = Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            source: Some(source.to_string()),
            range: Some(self.origin.range(span)),
        };
        self.list.push(d);
    }

    pub fn error(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Error, code, source, span, message);
    }

    pub fn warning(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, code, source, span, message);
    }

    pub fn info(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Info, code, source, span, message);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn finish<T>(self, value: Option<T>) -> Parsed<T> {
        Parsed::new(value, self.list)
    }
}

/// `" (did you mean \"Effect\"?)"` when `word` is a near miss of one of `known` (other case, or one or two
/// typos away), else `""`.
pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> String {
    let lower = word.to_ascii_lowercase();
    let best = known
        .iter()
        .filter(|k| **k != word)
        .map(|k| {
            let d = if k.eq_ignore_ascii_case(word) { 0 } else { edit_distance(&lower, &k.to_ascii_lowercase()) };
            (d, *k)
        })
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, k)) if d <= 2 && d < word.chars().count() => format!(" (did you mean \"{k}\"?)"),
        _ => String::new(),
    }
}

/// Levenshtein distance, capped: names are short, and only small distances matter.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + cost;
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// Allowed names listed for a message: `"a", "b" or "c"`.
pub(crate) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_catches_case_and_small_typos() {
        let known = ["Effect", "Action", "Resource"];
        assert_eq!(did_you_mean("effect", &known), " (did you mean \"Effect\"?)");
        assert_eq!(did_you_mean("Resouce", &known), " (did you mean \"Resource\"?)");
        assert_eq!(did_you_mean("Banana", &known), "");
        assert_eq!(did_you_mean("x", &["y"]), "");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }

    #[test]
    fn list_names_reads_as_english() {
        assert_eq!(list_names(&["a"]), "\"a\"");
        assert_eq!(list_names(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
    }

    #[test]
    fn parsed_drops_the_value_when_there_is_an_error() {
        let p = Parsed::new(Some(1), vec![Diagnostic::warning("W", "w")]);
        assert_eq!(p.value, Some(1));
        let p = Parsed::new(Some(1), vec![Diagnostic::error("E", "e")]);
        assert_eq!(p.value, None);
        let p: Parsed<i32> = Parsed::new(None, vec![]);
        assert_eq!(p.diagnostics[0].code, "INTERNAL_ERROR");
    }
}
