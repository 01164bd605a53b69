//! What an evaluation produces: the decision, a stable reason code and sentence, the statements that
//! decided it, and the context keys conditions read that the request lacked.

use serde::Serialize;

use crate::model::{Effect, PolicyType};
use crate::source::Range;
use crate::trace::Trace;

/// AWS's simulator decision strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedStatement {
    pub policy_type: PolicyType,
    pub policy_id: String,
    /// Which input the policy came from (`policies.identity[0]`).
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub statement_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
    pub range: Range,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub decision: Decision,
    /// Stable code (spec/evaluation.md §2.9), e.g. `EXPLICIT_DENY_SCP`, `SCP_NO_ALLOW@1`, `ALLOW_IDENTITY`.
    pub reason_code: String,
    pub reason: String,
    pub matched: Vec<MatchedStatement>,
    pub missing_context_keys: Vec<String>,
    pub trace: Option<Trace>,
}
