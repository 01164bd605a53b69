//! Policy documents: JSON -> [`crate::model::Policy`], following the grammar of spec/evaluation.md §5.1 and
//! the element matrix of §5.2 for each policy type. This file owns the document level (size, `Version`,
//! `Id`, `Statement`, Sid uniqueness, trust-policy inference); statements, principals and conditions have
//! their own files, and `pools.rs` the storage the lists of one policy share. Errors make the policy
//! unusable; warnings and infos do not.

mod condition;
mod pools;
mod principal;
mod statement;

use std::sync::Arc;

use crate::model::{Policy, PolicySource, PolicyType, ResourcePolicyKind, Statement, Version};
use crate::source::{SourceText, Span};

use super::json::with_arena;
use super::seen::FirstSeen;
use super::{Diags, Json, JsonValue, Limits, POLICY_MAX_CHARS, Parsed, did_you_mean, parse_json_indexed};

/// What the caller knows about a policy before reading it: where it goes and what to call it.
#[derive(Clone, Debug)]
pub struct PolicyInput {
    /// The caller's id, or a positional one (`identity[0]`).
    pub id: String,
    pub policy_type: PolicyType,
    /// Resource policies only; `None` infers: no Resource/NotResource anywhere and only `sts:*` actions
    /// make a trust policy, anything else a generic resource policy.
    pub resource_kind: Option<ResourcePolicyKind>,
    pub source: PolicySource,
    /// Which input it came from (`policies.identity[0]`); diagnostics carry it as their `source`.
    pub input: String,
}

impl PolicyInput {
    /// An input with a positional id, no source and an inferred resource kind.
    pub fn new(id: impl Into<String>, policy_type: PolicyType, input: impl Into<String>) -> PolicyInput {
        PolicyInput {
            id: id.into(),
            policy_type,
            resource_kind: None,
            source: PolicySource::default(),
            input: input.into(),
        }
    }
}

/// Parses one policy given as text (positions refer to this text).
pub fn parse_policy_text(text: &str, input: PolicyInput) -> Parsed<Policy> {
    let origin = Arc::new(SourceText::new(text));
    if let Some(chars) = chars_over_limit(text) {
        let mut d = Diags::new(origin);
        d.error(
            "POLICY_TOO_LARGE",
            &input.input,
            Span::new(0, 0),
            format!("the policy has {chars} characters; the limit is {POLICY_MAX_CHARS} (whitespace included)"),
        );
        return d.finish(None);
    }
    // The tree's strings are then slices of `origin`, which the model shares without comparing them.
    with_arena(text.len(), |arena| match parse_json_indexed(&origin.text, arena, &Limits::policy()) {
        Ok((json, index)) => {
            origin.set_index(index);
            policy_from_json(&json, Arc::clone(&origin), input)
        }
        Err(e) => Parsed::new(None, vec![e.to_diagnostic(&origin, &input.input)]),
    })
}

/// Reads a policy document already parsed as JSON; `origin` is the text its spans point into.
pub fn policy_from_json(json: &Json, origin: Arc<SourceText>, input: PolicyInput) -> Parsed<Policy> {
    let mut d = Diags::new(origin.clone());
    let value = read_policy(&mut d, json, input);
    d.finish(value)
}

/// The statement-level context: which rules apply, and where diagnostics go.
pub(super) struct Ctx<'a> {
    pub d: &'a mut Diags,
    pub input: &'a str,
    pub policy_type: PolicyType,
    pub kind: ResourcePolicyKind,
    /// Where the policy's lists and lower-case condition keys are stored.
    pub pools: &'a mut pools::Pools,
}

impl Ctx<'_> {
    pub fn error(&mut self, code: &str, span: Span, message: impl Into<String>) {
        self.d.error(code, self.input, span, message);
    }

    pub fn warning(&mut self, code: &str, span: Span, message: impl Into<String>) {
        self.d.warning(code, self.input, span, message);
    }

    pub fn info(&mut self, code: &str, span: Span, message: impl Into<String>) {
        self.d.info(code, self.input, span, message);
    }

    /// Identity, boundary, session and trust policies follow IAM's own rules (Sid charset, uniqueness).
    pub fn is_iam_policy(&self) -> bool {
        match self.policy_type {
            PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session => true,
            PolicyType::Resource => self.kind == ResourcePolicyKind::Trust,
            PolicyType::Scp | PolicyType::Rcp => false,
        }
    }

    pub fn is_trust(&self) -> bool {
        self.policy_type == PolicyType::Resource && self.kind == ResourcePolicyKind::Trust
    }

    /// What to call this policy in messages ("a role trust policy", "an SCP", ...).
    pub fn words(&self) -> &'static str {
        match (self.policy_type, self.kind) {
            (PolicyType::Identity, _) => "an identity-based policy",
            (PolicyType::PermissionsBoundary, _) => "a permissions boundary",
            (PolicyType::Session, _) => "a session policy",
            (PolicyType::Resource, ResourcePolicyKind::Trust) => "a role trust policy",
            (PolicyType::Resource, ResourcePolicyKind::KmsKey) => "a KMS key policy",
            (PolicyType::Resource, ResourcePolicyKind::Generic) => "a resource-based policy",
            (PolicyType::Scp, _) => "a service control policy (SCP)",
            (PolicyType::Rcp, _) => "a resource control policy (RCP)",
        }
    }
}

const TOP_LEVEL: [&str; 3] = ["Version", "Id", "Statement"];

fn read_policy(d: &mut Diags, json: &Json, input: PolicyInput) -> Option<Policy> {
    let source = input.input.as_str();
    let Some(members) = json.as_object() else {
        d.error(
            "INVALID_TYPE",
            source,
            json.span,
            format!("a policy document must be a JSON object, found {}", json.type_name()),
        );
        return None;
    };
    let text = d.origin.text.get(json.span.start as usize..json.span.end as usize).unwrap_or("");
    if let Some(chars) = chars_over_limit(text) {
        d.error(
            "POLICY_TOO_LARGE",
            source,
            json.opening(),
            format!("the policy has {chars} characters; the limit is {POLICY_MAX_CHARS} (whitespace included)"),
        );
        return None;
    }
    let kind = match input.policy_type {
        PolicyType::Resource => input.resource_kind.unwrap_or_else(|| {
            let inferred = infer_resource_kind(json);
            if inferred == ResourcePolicyKind::Trust {
                d.info(
                    "TRUST_POLICY_INFERRED",
                    source,
                    json.opening(),
                    "read as a role trust policy: no statement has Resource or NotResource and every action is sts:*",
                );
            }
            inferred
        }),
        _ => ResourcePolicyKind::Generic,
    };
    let mut pools = pools::Pools::new(json);
    let mut cx = Ctx { d, input: source, policy_type: input.policy_type, kind, pools: &mut pools };

    for m in members {
        if !TOP_LEVEL.contains(&m.key) {
            let hint = did_you_mean(m.key, &TOP_LEVEL);
            let statement_hint = if statement::STATEMENT_ELEMENTS.contains(&m.key) {
                " (statement elements go inside \"Statement\")"
            } else {
                ""
            };
            cx.error(
                "UNKNOWN_ELEMENT",
                m.key_span,
                format!(
                    "unknown policy element \"{}\"{hint}{statement_hint}; a policy has \"Version\", \"Id\" and \"Statement\" (names are case-sensitive)",
                    m.key
                ),
            );
        }
    }

    let version = read_version(&mut cx, json);
    let document_id = read_id(&mut cx, json);
    let mut statements = read_statements(&mut cx, json);

    if cx.d.has_errors() {
        return None;
    }
    let origin = cx.d.origin.clone();
    pools.attach(&mut statements);
    Some(Policy {
        id: input.id,
        policy_type: input.policy_type,
        resource_kind: kind,
        source: input.source,
        input: input.input,
        version,
        document_id,
        statements,
        origin,
        span: json.span,
    })
}

fn read_version(cx: &mut Ctx, json: &Json) -> Version {
    let org = matches!(cx.policy_type, PolicyType::Scp | PolicyType::Rcp);
    let Some(v) = json.get("Version") else {
        if org {
            cx.error(
                "VERSION_REQUIRED",
                json.opening(),
                format!("{} must have \"Version\": \"2012-10-17\"", cx.words()),
            );
        } else {
            cx.warning(
                "MISSING_VERSION",
                json.opening(),
                "the policy has no \"Version\": it is evaluated without policy variables; add \"Version\": \"2012-10-17\"",
            );
        }
        return Version::Missing;
    };
    match v.as_str() {
        Some("2012-10-17") => Version::V2012_10_17,
        Some("2008-10-17") if org => {
            cx.error("VERSION_REQUIRED", v.span, format!("{} must use \"Version\": \"2012-10-17\"", cx.words()));
            Version::V2008_10_17
        }
        Some("2008-10-17") => Version::V2008_10_17,
        Some(other) => {
            cx.error(
                "INVALID_VERSION",
                v.span,
                format!(
                    "\"{other}\" is not a policy language version; use \"2012-10-17\" (or the legacy \"2008-10-17\")"
                ),
            );
            Version::Missing
        }
        None => {
            cx.error(
                "INVALID_TYPE",
                v.span,
                format!("\"Version\" must be a string such as \"2012-10-17\", found {}", v.type_name()),
            );
            Version::Missing
        }
    }
}

fn read_id(cx: &mut Ctx, json: &Json) -> Option<String> {
    let m = json.member("Id")?;
    let Some(id) = m.value.as_str() else {
        cx.error("INVALID_TYPE", m.value.span, format!("\"Id\" must be a string, found {}", m.value.type_name()));
        return None;
    };
    if matches!(cx.policy_type, PolicyType::Identity | PolicyType::PermissionsBoundary | PolicyType::Session) {
        // AMBIGUOUS in the spec (§5.1); strictGrammar's default makes it an error.
        cx.error(
            "ID_IN_IDENTITY_POLICY",
            m.key_span,
            format!("\"Id\" is for resource-based policies; it must not appear in {}", cx.words()),
        );
    }
    Some(id.to_string())
}

fn read_statements(cx: &mut Ctx, json: &Json) -> Vec<Statement> {
    let Some(m) = json.member("Statement") else {
        cx.error("MISSING_ELEMENT", json.opening(), "the policy has no \"Statement\" element");
        return Vec::new();
    };
    let items: &[Json] = match m.value.value {
        JsonValue::Object(_) => std::slice::from_ref(&m.value),
        JsonValue::Array([]) => {
            cx.error(
                "EMPTY_ELEMENT",
                m.value.span,
                "\"Statement\" is an empty array; a policy needs at least one statement",
            );
            return Vec::new();
        }
        JsonValue::Array(items) => items,
        _ => {
            cx.error(
                "INVALID_TYPE",
                m.value.span,
                format!("\"Statement\" must be a statement object or an array of them, found {}", m.value.type_name()),
            );
            return Vec::new();
        }
    };
    let mut sids = FirstSeen::exact();
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if let Some(s) = statement::read_statement(cx, item, index, &mut sids) {
            out.push(s);
        }
    }
    out
}

/// `sts:...` in any case.
fn is_sts(action: &str) -> bool {
    action.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("sts:"))
}

/// The number of characters in `text` when it is over [`POLICY_MAX_CHARS`]. A character takes at least one
/// byte, so a text of at most that many bytes is not counted (counting walks the whole text).
fn chars_over_limit(text: &str) -> Option<usize> {
    if text.len() <= POLICY_MAX_CHARS {
        return None;
    }
    Some(text.chars().count()).filter(|&chars| chars > POLICY_MAX_CHARS)
}

/// A resource policy with no Resource/NotResource in any statement and only `sts:` actions is a trust
/// policy (that is how role trust policies look); anything else is a generic resource policy.
fn infer_resource_kind(json: &Json) -> ResourcePolicyKind {
    let statements = pools::statements_of(json);
    let sts_only = |action: &Json| match action.value {
        JsonValue::String(s) => is_sts(s),
        JsonValue::Array(items) => !items.is_empty() && items.iter().all(|i| i.as_str().is_some_and(is_sts)),
        _ => false,
    };
    let trust = !statements.is_empty()
        && statements.iter().all(|s| {
            s.get("Resource").is_none() && s.get("NotResource").is_none() && s.get("Action").is_some_and(sts_only)
        });
    if trust { ResourcePolicyKind::Trust } else { ResourcePolicyKind::Generic }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_prefix_in_any_case() {
        assert!(is_sts("sts:AssumeRole") && is_sts("STS:x") && is_sts("sts:"));
        assert!(!is_sts("st") && !is_sts("s3:GetObject") && !is_sts("ésts:x") && !is_sts("sts-x"));
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        assert_eq!(chars_over_limit(&"a".repeat(POLICY_MAX_CHARS)), None);
        assert_eq!(chars_over_limit(&"a".repeat(POLICY_MAX_CHARS + 1)), Some(POLICY_MAX_CHARS + 1));
        // Twice the bytes, but the characters fit.
        assert_eq!(chars_over_limit(&"é".repeat(POLICY_MAX_CHARS)), None);
        assert_eq!(chars_over_limit(&"é".repeat(POLICY_MAX_CHARS + 2)), Some(POLICY_MAX_CHARS + 2));
    }
}
