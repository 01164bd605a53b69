//! Assembles the [`Trace`] of one evaluation from the per-policy statement traces and the decided path.

use crate::model::{Context, ContextValueRef, PolicyType, Request};
use crate::trace::{ContextItem, ContextItemValue, PolicyTrace, RequestSummary, Trace};

use super::gates::Decided;

pub fn build_trace(
    request: &Request,
    context: &Context,
    decided: &Decided,
    mut policies: Vec<PolicyTrace>,
    notes: &[(PolicyType, &'static str)],
) -> Trace {
    for pt in &mut policies {
        if !pt.evaluated {
            pt.note =
                notes.iter().find(|(t, _)| *t == pt.policy_type).map(|(_, why)| (*why).to_string()).or_else(|| {
                    Some(format!(
                        "{} policies do not apply to a {} caller",
                        pt.policy_type.short(),
                        request.principal.kind.as_str()
                    ))
                });
        }
    }
    let p = &request.principal;
    let same_account = request.resource_account.is_none() || request.resource_account == p.account;
    Trace {
        request: RequestSummary {
            principal: p
                .arn
                .clone()
                .or_else(|| p.service.clone())
                .or_else(|| p.provider.clone())
                .unwrap_or_else(|| p.kind.as_str().into()),
            principal_kind: p.kind.as_str().into(),
            principal_account: p.account.clone(),
            action: request.action.clone(),
            resource: request.resource.clone(),
            resource_account: request.resource_account.clone(),
            same_account,
            access_level: None,
            resource_type: None,
        },
        context: context
            .sorted()
            .into_iter()
            .map(|e| ContextItem {
                key: e.key.to_string(),
                value: match e.value {
                    ContextValueRef::Scalar(s) => ContextItemValue::Scalar(s.to_string()),
                    ContextValueRef::List(l) => ContextItemValue::List(l.to_vec()),
                },
                derived: e.derived,
            })
            .collect(),
        steps: decided.steps.clone(),
        policies,
        conventions: decided.conventions.clone(),
    }
}
