//! Explain: the record of how a decision was reached, and its plain-text rendering. The evaluator fills a
//! [`Trace`] only when asked (explain), so simulate pays nothing for it. The shape is part of the JS contract:
//! the playground draws it as a tree (policy type → policy → statement → action / resource / principal /
//! each condition).

mod json;
mod render;

pub use render::{Headline, headline, render_text};

use serde::Serialize;

use crate::conditions::ClauseDetail;
use crate::model::{Effect, PolicyType};
use crate::source::Range;

/// Everything explain knows about one evaluation.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// The request as the engine saw it (after defaults).
    pub request: RequestSummary,
    /// The full context used, derived keys marked.
    pub context: Vec<ContextItem>,
    /// The decision path in AWS's order: deny → rcp → scp → resource → identity → boundary → session.
    pub steps: Vec<Step>,
    /// Every policy, in evaluation order, with every statement.
    pub policies: Vec<PolicyTrace>,
    /// Rules the docs leave open that decided this result (spec AMBIGUOUS / [C] conventions).
    pub conventions: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    pub principal: String,
    pub principal_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_account: Option<String>,
    pub action: String,
    pub resource: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    pub same_account: bool,
    /// Service data, where known: the action's access level and the resource type the ARN matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextItem {
    pub key: String,
    pub value: ContextItemValue,
    pub derived: bool,
}

/// A context value as the trace shows it: a JSON string, or a list of strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextItemValue {
    Scalar(String),
    List(Vec<String>),
}

/// One gate of the decision flow.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// `deny`, `rcp`, `scp`, `resource`, `identity`, `boundary`, `session`, `crossAccount`, `decision`.
    pub phase: String,
    /// `allowed`, `denied`, `implicitDeny`, `explicitDeny`, `notApplicable`, `skipped`.
    pub outcome: String,
    /// One sentence.
    pub summary: String,
    /// True for the gates this request actually went through before the decision.
    pub on_path: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    pub policy_type: PolicyType,
    pub policy_id: String,
    /// Input name, e.g. `policies.scp[1][0]`.
    pub input: String,
    /// SCP/RCP level (0 = organization root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// False when the policy type does not apply to this request (e.g. SCPs for a management-account caller).
    pub evaluated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub statements: Vec<StatementTrace>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    pub range: Range,
    /// Action, resource, principal and conditions all matched.
    pub applies: bool,
    pub action: ElementMatch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ElementMatch>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<ElementMatch>,
    pub conditions: Vec<ConditionTrace>,
}

/// How Action/NotAction, Resource/NotResource or Principal/NotPrincipal fared.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementMatch {
    /// `Action`, `NotAction`, `Resource`, ...
    pub element: String,
    pub matched: bool,
    /// The pattern (or principal entry) that matched, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    pub range: Range,
    /// A sentence: why it matched or not.
    pub detail: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    pub range: Range,
    #[serde(flatten)]
    pub detail: ClauseDetail,
    pub sentence: String,
}
