//! The decision flow across policy types (spec/evaluation.md §2.2): every statement of every policy that
//! takes part is evaluated once, then the gates are read in AWS's order — explicit deny, RCPs, SCPs, the
//! resource-based policy, identity policies, the permissions boundary, session policies — and the first
//! gate that decides gives the decision, its reason code and its sentence.

use crate::model::{Context, Effect, Options, Policy, PolicySet, PolicyType, PrincipalKind, Request};
use crate::trace::PolicyTrace;

use super::gates::Gates;
use super::organizations;
use super::outcome::{MatchedStatement, Outcome};
use super::prefilter::ActionFilter;
use super::statement::{Env, StatementResult, evaluate_statement};

/// One policy's evaluated statements.
pub(super) struct Evaluated<'a> {
    pub(super) policy: &'a Policy,
    pub(super) level: Option<usize>,
    /// False when its policy type does not apply to this request (kept for the trace only).
    pub(super) counts: bool,
    /// The statements that apply, by index, in order. Only these are kept.
    pub(super) applied: Applied,
}

/// The applying statements of one policy. Most policies have none and nearly all the others one, so the
/// first is kept in place: a request then allocates no list per policy that applies.
#[derive(Default)]
pub(super) struct Applied {
    first: Option<(usize, StatementResult)>,
    more: Vec<(usize, StatementResult)>,
}

impl Applied {
    fn push(&mut self, applied: (usize, StatementResult)) {
        if self.first.is_none() {
            self.first = Some(applied);
        } else {
            self.more.push(applied);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &(usize, StatementResult)> + '_ {
        self.first.iter().chain(&self.more)
    }
}

impl Evaluated<'_> {
    pub(super) fn applying(&self, effect: Effect) -> impl Iterator<Item = (usize, &StatementResult)> + '_ {
        self.applied
            .iter()
            .filter(move |(i, _)| self.policy.statements.get(*i).is_some_and(|s| s.effect == effect))
            .map(|(i, r)| (*i, r))
    }

    pub(super) fn allows(&self) -> bool {
        self.applying(Effect::Allow).next().is_some()
    }

    pub(super) fn name(&self) -> String {
        match self.level {
            Some(l) => format!("{} {} (level {l})", self.policy.policy_type.words(), self.policy.id),
            None => format!("{} {}", self.policy.policy_type.words(), self.policy.id),
        }
    }

    pub(super) fn matched(&self, index: usize) -> Option<MatchedStatement> {
        let s = self.policy.statements.get(index)?;
        Some(MatchedStatement {
            policy_type: self.policy.policy_type,
            policy_id: self.policy.id.clone(),
            input: self.policy.input.clone(),
            level: self.level,
            statement_index: s.index,
            sid: s.sid.as_ref().map(ToString::to_string),
            effect: s.effect,
            range: self.policy.range(s.span),
        })
    }
}

/// The evaluated policies of one organization policy type (RCPs or SCPs), level after level.
#[derive(Clone, Copy)]
pub(super) struct Levels<'a> {
    /// Every level's policies in order (each knows its level).
    pub(super) policies: &'a [Evaluated<'a>],
    /// How many levels were given: a level may hold no policy, and then allows nothing.
    pub(super) count: usize,
}

impl<'a> Levels<'a> {
    /// The policies of level `level`.
    pub(super) fn level(self, level: usize) -> impl Iterator<Item = &'a Evaluated<'a>> {
        self.policies.iter().filter(move |e| e.level == Some(level))
    }
}

pub(super) fn statement_name(policy: &Policy, index: usize) -> String {
    match policy.statements.get(index).and_then(|s| s.sid.as_deref()) {
        Some(sid) => super::gates::join(&["statement ", sid]),
        None => format!("statement [{index}]"),
    }
}

/// Which policy types take part, and why not when they don't.
pub(super) struct Applicability {
    pub(super) identity: bool,
    pub(super) boundary: bool,
    pub(super) session: bool,
    pub(super) scp: Result<(), &'static str>,
    pub(super) rcp: Result<(), &'static str>,
}

fn applicability(request: &Request, policies: &PolicySet, action_lower: &str) -> Applicability {
    let p = &request.principal;
    let iam = p.kind.is_iam_identity();
    let scp = if policies.scp.is_none() {
        Err("no SCPs given")
    } else if !matches!(
        p.kind,
        PrincipalKind::User | PrincipalKind::RoleSession | PrincipalKind::FederatedUser | PrincipalKind::Root
    ) {
        Err("SCPs apply only to IAM users, roles and the root user of member accounts")
    } else if p.in_management_account {
        Err("SCPs do not apply to principals of the management account")
    } else if p.is_service_linked_role {
        Err("SCPs do not apply to service-linked roles")
    } else {
        Ok(())
    };
    let rcp = if policies.rcp.is_none() {
        Err("no RCPs given")
    } else if request.resource_in_management_account {
        Err("RCPs do not apply to resources in the management account")
    } else if p.is_service_linked_role {
        Err("RCPs do not apply to calls made by service-linked roles")
    } else if !organizations::rcp_covers_service(action_lower) {
        Err("RCPs do not cover this action's service")
    } else if request.resource == "*" {
        Err("RCPs apply only to requests that name a resource")
    } else if organizations::is_aws_managed_kms_alias(&request.resource) || action_lower == "kms:retiregrant" {
        Err("RCPs do not apply to AWS managed KMS keys or kms:RetireGrant")
    } else {
        Ok(())
    };
    Applicability {
        identity: iam,
        boundary: iam,
        session: matches!(p.kind, PrincipalKind::RoleSession | PrincipalKind::FederatedUser),
        scp,
        rcp,
    }
}

/// Evaluates the request against every policy and decides.
pub fn evaluate(
    request: &Request,
    policies: &PolicySet,
    options: &Options,
    context: &Context,
    tracing: bool,
) -> Outcome {
    evaluate_filtered(request, policies, options, context, tracing, None)
}

/// [`evaluate`], passing over the statements `filter` (built from these same policies) says cannot apply.
pub fn evaluate_filtered<'a>(
    request: &Request,
    policies: &'a PolicySet,
    options: &Options,
    context: &Context,
    tracing: bool,
    filter: Option<&ActionFilter>,
) -> Outcome {
    // The lowercased action on the stack: actions are short, and this is an allocation per request saved.
    let mut buffer = [0u8; 128];
    let owned;
    let action_lower = match lowercase_into(&request.action, &mut buffer) {
        Some(lower) => lower,
        None => {
            owned = request.action.to_ascii_lowercase();
            owned.as_str()
        }
    };
    let app = applicability(request, policies, action_lower);
    let env = Env {
        principal: &request.principal,
        action: &request.action,
        action_lower,
        resource: &request.resource,
        context,
        options,
        has_boundary: policies.permissions_boundary.is_some(),
    };
    let mut missing: Vec<String> = Vec::new();
    let mut traces: Vec<PolicyTrace> = Vec::new();
    // The filter knows policies by their place in evaluation order (`PolicySet::all`), which is the order
    // of the calls below.
    let filter = filter.filter(|_| !tracing);
    let mut position = 0;
    // Evaluates one policy's statements (into `missing` only when its type counts for this request).
    let mut eval = |policy: &'a Policy, level: Option<usize>, counts: bool, missing: &mut Vec<String>| {
        let at = position;
        position += 1;
        let mut st = tracing.then(Vec::new);
        let mut scratch = Vec::new();
        let sink = if counts { missing } else { &mut scratch };
        let mut applied = Applied::default();
        if counts || tracing {
            let mut run = |i: usize, s| {
                let result = evaluate_statement(s, policy, &env, sink, st.as_mut());
                if result.applies {
                    applied.push((i, result));
                }
            };
            match filter.and_then(|f| f.policy(at, policy.statements.len())) {
                Some(f) => {
                    for i in f.candidates(action_lower).filter(|&i| f.may_apply(i, action_lower)) {
                        policy.statements.get(i).into_iter().for_each(|s| run(i, s));
                    }
                }
                None => policy.statements.iter().enumerate().for_each(|(i, s)| run(i, s)),
            }
        }
        if let Some(statements) = st {
            traces.push(PolicyTrace {
                policy_type: policy.policy_type,
                policy_id: policy.id.clone(),
                input: policy.input.clone(),
                level,
                group: policy.source.group.clone(),
                evaluated: counts,
                note: None,
                statements,
            });
        }
        Evaluated { policy, level, counts, applied }
    };

    // Every evaluated policy in one list, in evaluation order (one allocation, not one per level and per
    // policy type); the gates read its parts as slices. RCP levels first, then SCP levels: AWS's order,
    // which the trace keeps.
    let mut evaluated: Vec<Evaluated> = Vec::with_capacity(policies.all().count());
    let mut org_ends = [0; 2];
    let org = [(policies.rcp.as_ref(), app.rcp.is_ok()), (policies.scp.as_ref(), app.scp.is_ok())];
    for (end, (levels, counts)) in org_ends.iter_mut().zip(org) {
        for (level, at) in levels.into_iter().flatten().enumerate() {
            evaluated.extend(at.iter().map(|p| eval(p, Some(level), counts, &mut missing)));
        }
        *end = evaluated.len();
    }
    let [rcp_end, scp_end] = org_ends;
    let rbp = policies.resource.as_ref().map(|p| eval(p, None, true, &mut missing));
    evaluated.extend(policies.identity.iter().map(|p| eval(p, None, app.identity, &mut missing)));
    let identity_end = evaluated.len();
    let boundary = policies.permissions_boundary.as_ref().map(|p| eval(p, None, app.boundary, &mut missing));
    evaluated.extend(policies.session.iter().map(|p| eval(p, None, app.session, &mut missing)));
    let part = |from: usize, to: usize| evaluated.get(from..to).unwrap_or_default();
    let levels = |org: Option<&Vec<Vec<Policy>>>| org.map_or(0, Vec::len);

    let all = Gates {
        tracing,
        request,
        action_lower,
        app: &app,
        rcp: Levels { policies: part(0, rcp_end), count: levels(policies.rcp.as_ref()) },
        scp: Levels { policies: part(rcp_end, scp_end), count: levels(policies.scp.as_ref()) },
        rbp: rbp.as_ref(),
        identity: part(scp_end, identity_end),
        boundary: boundary.as_ref(),
        session: part(identity_end, evaluated.len()),
    };
    let decided = all.decide();

    let trace = tracing.then(|| super::explain::build_trace(request, context, &decided, traces, &app_notes(&app)));
    Outcome {
        decision: decided.decision,
        reason_code: decided.code,
        reason: decided.reason,
        matched: decided.matched,
        missing_context_keys: missing,
        trace,
    }
}

/// `text` lowercased (ASCII) into `buffer`; `None` when it does not fit.
fn lowercase_into<'b>(text: &str, buffer: &'b mut [u8]) -> Option<&'b str> {
    let slot = buffer.get_mut(..text.len())?;
    slot.copy_from_slice(text.as_bytes());
    crate::matching::bytes::lowercase_ascii(slot);
    std::str::from_utf8(slot).ok()
}

fn app_notes(app: &Applicability) -> Vec<(PolicyType, &'static str)> {
    let mut v = Vec::new();
    if let Err(why) = app.scp {
        v.push((PolicyType::Scp, why));
    }
    if let Err(why) = app.rcp {
        v.push((PolicyType::Rcp, why));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organization_level_without_policies_allows_nothing() {
        let allow_all =
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;
        let scenario = |scp: &str| {
            format!(
                r#"{{"request": {{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject"}},
                   "policies": {{"identity": [{allow_all}], "scp": {scp}}}}}"#
            )
        };
        let allowed = crate::api::simulate_json(&scenario(&format!("[[{allow_all}], [{allow_all}]]")));
        assert!(allowed.contains(r#""reasonCode":"ALLOW_IDENTITY""#), "{allowed}");
        let second = crate::api::simulate_json(&scenario(&format!("[[{allow_all}], []]")));
        let first = crate::api::simulate_json(&scenario(&format!("[[], [{allow_all}]]")));
        for (result, level) in [(second, 1), (first, 0)] {
            assert!(result.contains(&format!(r#""reasonCode":"SCP_NO_ALLOW@{level}""#)), "{result}");
        }
    }

    #[test]
    fn applied_statements_keep_their_order() {
        let result = StatementResult { applies: true, match_kind: None };
        let mut applied = Applied::default();
        assert_eq!(applied.iter().count(), 0);
        for i in [3, 5, 9] {
            applied.push((i, result));
        }
        assert_eq!(applied.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [3, 5, 9]);
    }

    #[test]
    fn actions_are_lowercased_on_the_stack_when_they_fit() {
        let mut buffer = [0u8; 8];
        assert_eq!(lowercase_into("S3:Get", &mut buffer), Some("s3:get"));
        assert_eq!(lowercase_into("s3:GetObject", &mut buffer), None);
        assert_eq!(lowercase_into("É:X", &mut buffer), Some("É:x"));
    }
}
