//! A parsed policy document. Every element keeps its span into the text it came from ([`SourceText`]),
//! so diagnostics and the trace can point at the line and column the user pasted.

use std::sync::Arc;

use serde::Serialize;

use crate::source::{Range, SourceText, Span};

use super::condition::ConditionClause;
use super::list::OneOrMany;
use super::text::PolicyStr;

/// Which slot of the scenario a policy fills; decides its grammar and its place in the decision flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    Identity,
    PermissionsBoundary,
    Session,
    Resource,
    Scp,
    Rcp,
}

impl PolicyType {
    /// The words AWS uses in access-denied messages.
    pub fn words(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity-based policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Scp => "service control policy",
            PolicyType::Rcp => "resource control policy",
        }
    }

    /// Short words for the text rendering ("SCP", "identity policy", ...).
    pub fn short(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Scp => "SCP",
            PolicyType::Rcp => "RCP",
        }
    }

    /// The camelCase name used in JSON ("identity", "permissionsBoundary", ...).
    pub fn label(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::PermissionsBoundary => "permissionsBoundary",
            PolicyType::Session => "session",
            PolicyType::Resource => "resource",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
        }
    }
}

/// The kind of resource-based policy: trust policies and KMS key policies have their own rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ResourcePolicyKind {
    Generic,
    Trust,
    KmsKey,
}

/// Where an identity policy comes from (for the trace: group-sourced statements name the group).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PolicySource {
    /// `user`, `group`, `role`, `aws-managed`, `user-managed`, ... as the input said; empty when unsaid.
    pub kind: String,
    pub group: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V2012_10_17,
    V2008_10_17,
    /// No Version element: evaluated without policy variables.
    Missing,
}

impl Version {
    /// Policy variables (`${...}`) are recognised only under 2012-10-17.
    pub fn variables_enabled(self) -> bool {
        self == Version::V2012_10_17
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One string of Action/NotAction/Resource/NotResource, as written.
///
/// A policy holds hundreds of these, so a pattern that is a plain JSON string (no escapes) shares the source
/// text it was parsed from rather than copying itself out of it: parsing a scenario then costs no allocation
/// per pattern, and dropping one none either. Action patterns are matched case-insensitively where they are
/// used, so no lowercase copy is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    text: PolicyStr,
    /// The JSON string's span, quotes included.
    pub span: Span,
}

impl Pattern {
    /// A pattern with its own copy of `text`.
    pub fn new(text: &str, span: Span) -> Pattern {
        Pattern { text: PolicyStr::owned(text), span }
    }

    /// A pattern for the JSON string at `span` of `origin` whose value is `text`: shared with the source when
    /// the string is written there verbatim (no escapes), copied otherwise.
    pub fn in_source(origin: &Arc<SourceText>, text: &str, span: Span) -> Pattern {
        Pattern { text: PolicyStr::in_source(origin, text, span), span }
    }

    /// The pattern as written.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// `Action` (negated = false) or `NotAction` (negated = true).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionElement {
    pub negated: bool,
    pub patterns: OneOrMany<Pattern>,
    pub span: Span,
}

/// `Resource` or `NotResource`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceElement {
    pub negated: bool,
    pub patterns: OneOrMany<Pattern>,
    pub span: Span,
}

/// The type key of a principal entry. A bare `"Principal": "*"` is [`PrincipalKey::Star`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PrincipalKey {
    Star,
    #[serde(rename = "AWS")]
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalEntry {
    pub key: PrincipalKey,
    pub value: String,
    pub span: Span,
}

/// `Principal` (negated = false) or `NotPrincipal` (negated = true).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalElement {
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// 0-based position in the policy's Statement list.
    pub index: usize,
    pub sid: Option<PolicyStr>,
    pub effect: Effect,
    pub principal: Option<PrincipalElement>,
    pub action: ActionElement,
    pub resource: Option<ResourceElement>,
    pub conditions: OneOrMany<ConditionClause>,
    /// From the statement's `{` to its `}` inclusive.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Policy {
    /// The caller's id, or a positional one (`identity[0]`).
    pub id: String,
    pub policy_type: PolicyType,
    pub resource_kind: ResourcePolicyKind,
    pub source: PolicySource,
    /// Which input it came from: `policies.identity[0]`.
    pub input: String,
    pub version: Version,
    /// The document's `Id` element.
    pub document_id: Option<String>,
    pub statements: Vec<Statement>,
    /// The text the spans point into.
    pub origin: Arc<SourceText>,
    pub span: Span,
}

impl Policy {
    pub fn range(&self, span: Span) -> Range {
        self.origin.range(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_share_verbatim_source_text_and_copy_escaped_strings() {
        let origin = Arc::new(SourceText::new(r#"["s3:Get*", "s3:\u0047et*"]"#));
        let shared = Pattern::in_source(&origin, "s3:Get*", Span::new(1, 10));
        assert!(shared.text.is_shared());
        assert_eq!(shared.text(), "s3:Get*");
        let escaped = Pattern::in_source(&origin, "s3:Get*", Span::new(12, 26));
        assert!(!escaped.text.is_shared());
        assert_eq!(escaped.text(), "s3:Get*");
        assert_eq!(Pattern::new("s3:Get*", Span::new(1, 10)), shared);
    }
}
