//! The gates of the decision, read in AWS's order over the evaluated statements: explicit deny anywhere,
//! every RCP level, every SCP level, then the grant paths — a resource-based policy on its own (by which
//! form it names the caller), or identity policies with the boundary and session policies — and, across
//! accounts, both sides. The first gate that decides gives the decision, its reason code and sentence;
//! when explaining, every gate also leaves a [`Step`] for the picture of the path.

use std::borrow::Cow;

use crate::model::{Effect, PolicyType, PrincipalKind, Request};
use crate::trace::Step;

use super::flow::{Applicability, Evaluated, Levels, statement_name};
use super::organizations;
use super::outcome::{Decision, MatchedStatement};

/// The decision with everything the trace needs to draw the path.
pub struct Decided {
    pub decision: Decision,
    pub code: String,
    pub reason: String,
    pub matched: Vec<MatchedStatement>,
    pub steps: Vec<Step>,
    pub conventions: Vec<String>,
}

pub(super) struct Gates<'a> {
    pub(super) tracing: bool,
    pub(super) request: &'a Request,
    pub(super) action_lower: &'a str,
    pub(super) app: &'a Applicability,
    pub(super) rcp: Levels<'a>,
    pub(super) scp: Levels<'a>,
    pub(super) rbp: Option<&'a Evaluated<'a>>,
    pub(super) identity: &'a [Evaluated<'a>],
    pub(super) boundary: Option<&'a Evaluated<'a>>,
    pub(super) session: &'a [Evaluated<'a>],
}

pub(super) fn step(phase: &str, outcome: &str, summary: impl Into<String>, on_path: bool) -> Step {
    Step { phase: phase.into(), outcome: outcome.into(), summary: summary.into(), on_path }
}

/// A yes/no gate of the identity side: `allowed` with "YES ACTION", or `implicitDeny` with "NO ACTION".
pub(super) fn gate(phase: &str, ok: bool, yes: &str, no: &str, action: &str, on_path: bool) -> Step {
    let (outcome, words) = if ok { ("allowed", yes) } else { ("implicitDeny", no) };
    step(phase, outcome, format!("{words} {action}"), on_path)
}

impl<'a> Gates<'a> {
    fn counted(&self) -> impl Iterator<Item = &'a Evaluated<'a>> + '_ {
        self.rcp
            .policies
            .iter()
            .chain(self.scp.policies)
            .chain(self.rbp)
            .chain(self.identity.iter())
            .chain(self.boundary)
            .chain(self.session.iter())
            .filter(|e| e.counts)
    }

    pub(super) fn allow_statements<'e>(set: impl Iterator<Item = &'e Evaluated<'a>>) -> Vec<MatchedStatement>
    where
        'a: 'e,
    {
        set.flat_map(|e| e.applying(Effect::Allow).filter_map(|(i, _)| e.matched(i))).collect()
    }

    pub(super) fn decide(&self) -> Decided {
        let tracing = self.tracing;
        let mut steps = Vec::new();
        let conventions = Vec::new();
        let action = &self.request.action;
        let p = &self.request.principal;

        if organizations::is_uncontrollable(self.action_lower) {
            st!(
                tracing,
                steps,
                "decision",
                "allowed",
                format!("{action} is not controlled by policies: AWS always allows it"),
                true
            );
            return Decided {
                decision: Decision::Allowed,
                code: "NOT_POLICY_CONTROLLED".into(),
                reason: format!("{action} cannot be denied by any policy: AWS always allows it."),
                matched: Vec::new(),
                steps,
                conventions,
            };
        }

        // 1. Explicit deny anywhere.
        let mut denies: Vec<(&Evaluated, usize)> = Vec::new();
        for e in self.counted() {
            for (i, _) in e.applying(Effect::Deny) {
                denies.push((e, i));
            }
        }
        if let Some((first, idx)) = denies.first() {
            let matched: Vec<MatchedStatement> = denies.iter().filter_map(|(e, i)| e.matched(*i)).collect();
            let ty = first.policy.policy_type;
            st!(
                tracing,
                steps,
                "deny",
                "explicitDeny",
                format!("{} {} denies the request", first.name(), statement_name(first.policy, *idx)),
                true
            );
            self.rest_skipped(&mut steps, "deny");
            return Decided {
                decision: Decision::ExplicitDeny,
                code: join(&["EXPLICIT_DENY_", type_code(ty)]),
                reason: join(&[
                    &caller(p),
                    " is not allowed to perform ",
                    action,
                    " on ",
                    &self.request.resource,
                    " because of an explicit deny in ",
                    if ty.words().starts_with(['a', 'e', 'i', 'o', 'u']) { "an " } else { "a " },
                    ty.words(),
                    " (",
                    &first.policy.id,
                    &first.level.map(|l| format!(", level {l}")).unwrap_or_default(),
                    ", ",
                    &statement_name(first.policy, *idx),
                    ").",
                ]),
                matched,
                steps,
                conventions,
            };
        }
        st!(tracing, steps, "deny", "noDeny", "no Deny statement applies", true);

        // 2. RCP gate (resource side), then 3. SCP gate (principal side).
        for (phase, levels, applies, words) in [
            ("rcp", self.rcp, self.app.rcp, "resource control policy"),
            ("scp", self.scp, self.app.scp, "service control policy"),
        ] {
            if let Err(why) = applies {
                st!(tracing, steps, phase, "notApplicable", why, true);
                continue;
            }
            for level in 0..levels.count {
                if !levels.level(level).any(|e| e.allows()) {
                    st!(
                        tracing,
                        steps,
                        phase,
                        "implicitDeny",
                        format!("no {words} at level {level} allows {action}"),
                        true
                    );
                    self.rest_skipped(&mut steps, phase);
                    return Decided {
                        decision: Decision::ImplicitDeny,
                        code: format!("{}_NO_ALLOW@{level}", phase.to_ascii_uppercase()),
                        reason: format!(
                            "{} is not allowed to perform {action} on {}: no {words} at level {level} allows it (every level must allow).",
                            caller(p),
                            self.request.resource
                        ),
                        matched: Vec::new(),
                        steps,
                        conventions,
                    };
                }
            }
            st!(tracing, steps, phase, "allowed", format!("every {words} level allows {action}"), true);
        }

        self.grant(steps, conventions)
    }

    /// After a gate decided, the later gates are shown but not lit.
    fn rest_skipped(&self, steps: &mut Vec<Step>, after: &str) {
        if !self.tracing {
            return;
        }
        let order = ["deny", "rcp", "scp", "resource", "identity", "boundary", "session"];
        let start = order.iter().position(|p| *p == after).map_or(order.len(), |i| i + 1);
        for phase in order.iter().skip(start) {
            st!(self.tracing, steps, phase, "skipped", "not reached: an earlier gate decided", false);
        }
    }
}

fn type_code(t: PolicyType) -> &'static str {
    match t {
        PolicyType::Identity => "IDENTITY",
        PolicyType::PermissionsBoundary => "BOUNDARY",
        PolicyType::Session => "SESSION",
        PolicyType::Resource => "RBP",
        PolicyType::Scp => "SCP",
        PolicyType::Rcp => "RCP",
    }
}

/// The parts joined, in one allocation: the sentences every request gets are built this way, which costs a
/// fraction of `format!`.
pub(super) fn join(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// How the reason sentences name the caller (borrowed where it is the caller's ARN: no copy for a sentence
/// that copies it anyway).
pub(super) fn caller(p: &crate::model::Principal) -> Cow<'_, str> {
    match p.kind {
        PrincipalKind::Anonymous => "An anonymous caller".into(),
        PrincipalKind::Service => format!("Service {}", p.service.as_deref().unwrap_or("principal")).into(),
        PrincipalKind::WebIdentity | PrincipalKind::Saml => {
            format!("A caller federated through {}", p.provider.as_deref().unwrap_or("an identity provider")).into()
        }
        _ => p.arn.as_deref().unwrap_or("The caller").into(),
    }
}
