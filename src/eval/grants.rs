//! The grant paths, once no explicit deny and no organization gate has decided (spec/evaluation.md §2.2
//! step 5, §2.3, §2.6): callers without an IAM identity (anonymous, service, web identity, SAML) need a
//! resource-based grant; otherwise, within one account, a resource-based policy may grant on its own
//! depending on how it names the caller (the caller itself, its role, its federating user, its account),
//! mandatory trust and KMS key policies must allow, and else identity ∧ boundary ∧ session decide; across
//! accounts, both sides must allow.

use crate::model::{Effect, PolicyType, PrincipalKind};
use crate::trace::Step;

use super::gates::{Decided, Gates, caller, gate, join, step};
use super::organizations::{self, RequiredPolicy};
use super::outcome::{Decision, MatchedStatement};
use super::principal::MatchKind;

impl Gates<'_> {
    /// Decides among the grant paths; `steps` and `conventions` carry what the earlier gates recorded.
    pub(super) fn grant(&self, mut steps: Vec<Step>, mut conventions: Vec<String>) -> Decided {
        let tracing = self.tracing;
        let action = &self.request.action;
        let p = &self.request.principal;

        // 4. Grants.
        let grants: Vec<(usize, MatchKind)> = self
            .rbp
            .map(|e| e.applying(Effect::Allow).filter_map(|(i, r)| Some((i, r.match_kind?))).collect())
            .unwrap_or_default();
        let has = |kinds: &[MatchKind]| grants.iter().any(|(_, k)| kinds.contains(k));
        let rbp_matched = |kinds: &[MatchKind]| -> Vec<MatchedStatement> {
            let Some(e) = self.rbp else { return Vec::new() };
            grants.iter().filter(|(_, k)| kinds.contains(k)).filter_map(|(i, _)| e.matched(*i)).collect()
        };
        let resource = &self.request.resource;

        if matches!(
            p.kind,
            PrincipalKind::Anonymous | PrincipalKind::Service | PrincipalKind::WebIdentity | PrincipalKind::Saml
        ) {
            let ok = has(&[MatchKind::Wildcard, MatchKind::Direct]);
            let kinds = [MatchKind::Wildcard, MatchKind::Direct];
            st!(
                tracing,
                steps,
                "resource",
                if ok { "allowed" } else { "implicitDeny" },
                if ok {
                    "the resource-based policy allows the caller".to_string()
                } else {
                    format!("no resource-based policy statement allows this {} caller", p.kind.as_str())
                },
                true,
            );
            for phase in ["identity", "boundary", "session"] {
                st!(
                    tracing,
                    steps,
                    phase,
                    "notApplicable",
                    "callers without an IAM identity have no identity-based policies",
                    false
                );
            }
            return if ok {
                let m = rbp_matched(&kinds);
                Decided {
                    decision: Decision::Allowed,
                    code: "ALLOW_RBP_DIRECT".into(),
                    reason: format!("Allowed: the resource-based policy grants {action} to {}.", caller(p)),
                    matched: m,
                    steps,
                    conventions,
                }
            } else {
                Decided {
                    decision: Decision::ImplicitDeny,
                    code: "NO_RBP_ALLOW".into(),
                    reason: format!(
                        "{} is not allowed to perform {action} on {resource}: only a resource-based policy can grant this caller, and none does.",
                        caller(p)
                    ),
                    matched: Vec::new(),
                    steps,
                    conventions,
                }
            };
        }

        let root = p.kind == PrincipalKind::Root;
        // Read through filters rather than collected: a list each was an allocation per request.
        let identity_evals = || self.identity.iter().filter(|e| e.counts);
        let session_evals = || self.session.iter().filter(|e| e.counts);
        let no_session_policy = session_evals().next().is_none();
        let boundary_eval = self.boundary.filter(|e| e.counts);
        let id_ok = root || identity_evals().any(|e| e.allows());
        let b_ok = root || boundary_eval.is_none_or(|e| e.allows());
        let s_ok = root
            || match p.kind {
                PrincipalKind::RoleSession => no_session_policy || session_evals().any(|e| e.allows()),
                PrincipalKind::FederatedUser => session_evals().any(|e| e.allows()),
                _ => true,
            };
        let identity_path = id_ok && b_ok && s_ok;
        let path_statements = || identity_evals().chain(boundary_eval).chain(session_evals());

        let required = organizations::required_resource_policy(self.action_lower, resource);
        let same_account = self.request.resource_account.is_none() || self.request.resource_account == p.account;

        let push_identity_steps = |steps: &mut Vec<Step>, on_path: bool| {
            if root {
                st!(tracing, steps, "identity", "allowed", "the root user has full access to its own account", on_path);
            } else {
                st!(
                    tracing,
                    steps,
                    gate(
                        "identity",
                        id_ok,
                        "an identity-based policy allows",
                        "no identity-based policy allows",
                        action,
                        on_path
                    )
                );
            }
            match boundary_eval {
                None => st!(tracing, steps, "boundary", "notApplicable", "no permissions boundary", on_path),
                Some(e) => st!(
                    tracing,
                    steps,
                    gate(
                        "boundary",
                        e.allows(),
                        "the permissions boundary allows",
                        "the permissions boundary does not allow",
                        action,
                        on_path
                    )
                ),
            }
            match p.kind {
                PrincipalKind::RoleSession | PrincipalKind::FederatedUser if !no_session_policy => st!(
                    tracing,
                    steps,
                    gate("session", s_ok, "a session policy allows", "no session policy allows", action, on_path)
                ),
                PrincipalKind::FederatedUser => st!(
                    tracing,
                    steps,
                    "session",
                    "implicitDeny",
                    "a federated user without a session policy has no permissions",
                    on_path
                ),
                _ => st!(tracing, steps, "session", "notApplicable", "no session policy", on_path),
            }
        };
        let identity_failure = || -> (String, String) {
            if !id_ok {
                ("NO_IDENTITY_ALLOW".into(), format!("no identity-based policy allows the {action} action"))
            } else if !b_ok {
                ("BOUNDARY_NO_ALLOW".into(), format!("no permissions boundary allows the {action} action"))
            } else if p.kind == PrincipalKind::FederatedUser && no_session_policy {
                (
                    "FEDERATED_USER_NO_SESSION_POLICY".into(),
                    "a federated user without a session policy has no permissions".into(),
                )
            } else {
                ("SESSION_NO_ALLOW".into(), format!("no session policy allows the {action} action"))
            }
        };
        let denied = |code: String, why: String, steps: Vec<Step>, conventions: Vec<String>| Decided {
            decision: Decision::ImplicitDeny,
            code,
            reason: join(&[
                &caller(p),
                " is not allowed to perform ",
                action,
                " on ",
                resource,
                " because ",
                &why,
                ".",
            ]),
            matched: Vec::new(),
            steps,
            conventions,
        };
        let allowed =
            |code: &str, why: String, matched: Vec<MatchedStatement>, steps: Vec<Step>, conventions: Vec<String>| {
                Decided {
                    decision: Decision::Allowed,
                    code: code.into(),
                    reason: join(&["Allowed: ", &why, "."]),
                    matched,
                    steps,
                    conventions,
                }
            };

        if required.is_some() && self.rbp.is_none() {
            let what = if required == Some(RequiredPolicy::RoleTrust) {
                "the role's trust policy"
            } else {
                "the KMS key policy"
            };
            st!(tracing, steps, "resource", "implicitDeny", format!("{what} is required and none was given"), true);
            push_identity_steps(&mut steps, false);
            return denied(
                "RBP_REQUIRED".into(),
                format!("{what} must allow it and none was given"),
                steps,
                conventions,
            );
        }
        let grant_summary = if grants.is_empty() {
            "no resource-based policy statement allows the caller".to_string()
        } else {
            let strongest = grants.iter().map(|(_, k)| *k).min().map(MatchKind::describe).unwrap_or("");
            format!("the resource-based policy allows {action} to {strongest}")
        };

        if same_account && self.action_lower == "sts:setsourceidentity" && required.is_some() {
            // STS documents that setting a source identity needs both the caller's permissions policy and
            // the trust policy, even where a trust policy naming the caller would otherwise suffice.
            conventions.push("sts:SetSourceIdentity needs both the trust policy and the caller's own policies, as STS documents (spec/evaluation.md §8.2 item 14, medium confidence).".into());
            st!(tracing, steps, "resource", if grants.is_empty() { "noGrant" } else { "allowed" }, grant_summary, true);
            push_identity_steps(&mut steps, true);
            if !grants.is_empty() && identity_path {
                let mut m = rbp_matched(&MatchKind::ALL);
                m.extend(Self::allow_statements(path_statements()));
                return allowed(
                    "ALLOW_RBP_ACCOUNT_DELEGATION",
                    format!("the role's trust policy and the caller's own policies both allow {action}"),
                    m,
                    steps,
                    conventions,
                );
            }
            if grants.is_empty() {
                return denied(
                    "RBP_REQUIRED".into(),
                    "the role's trust policy does not allow the caller".into(),
                    steps,
                    conventions,
                );
            }
            let (code, why) = identity_failure();
            return denied(code, why, steps, conventions);
        }
        if same_account {
            if has(&[MatchKind::Wildcard, MatchKind::Direct]) {
                st!(
                    tracing,
                    steps,
                    "resource",
                    "allowed",
                    format!(
                        "{grant_summary}; that grant is not limited by identity policies, boundaries or session policies"
                    ),
                    true
                );
                push_identity_steps(&mut steps, false);
                if has(&[MatchKind::Wildcard]) && !has(&[MatchKind::Direct]) && (!b_ok || !s_ok) {
                    conventions.push("A wildcard-principal grant is taken to bypass boundary and session-policy implicit denies (spec/evaluation.md §8.2 item 3, medium confidence).".into());
                }
                if p.kind == PrincipalKind::RoleSession && !s_ok {
                    conventions.push("A grant naming the session ARN is not limited by the session policy, as the AWS docs say (spec/evaluation.md §8.2 item 1; option sessionArnGrantBypassesSessionPolicy).".into());
                }
                return allowed(
                    "ALLOW_RBP_DIRECT",
                    format!(
                        "the {} names {} and allows {action}",
                        PolicyType::Resource.words(),
                        grants.iter().map(|(_, k)| *k).min().map(MatchKind::describe).unwrap_or("the caller")
                    ),
                    rbp_matched(&[MatchKind::Wildcard, MatchKind::Direct]),
                    steps,
                    conventions,
                );
            }
            if root && has(&[MatchKind::Account]) {
                st!(tracing, steps, "resource", "allowed", grant_summary, true);
                push_identity_steps(&mut steps, false);
                return allowed(
                    "ALLOW_ROOT",
                    format!(
                        "the root user has full access within its account and the {} names the account",
                        PolicyType::Resource.words()
                    ),
                    rbp_matched(&[MatchKind::Account]),
                    steps,
                    conventions,
                );
            }
            if has(&[MatchKind::RoleOfSession, MatchKind::FederatingUser]) {
                if b_ok && s_ok {
                    st!(
                        tracing,
                        steps,
                        "resource",
                        "allowed",
                        format!("{grant_summary}; boundary and session policies still apply"),
                        true
                    );
                    push_identity_steps(&mut steps, true);
                    let mut m = rbp_matched(&[MatchKind::RoleOfSession, MatchKind::FederatingUser]);
                    m.extend(
                        Self::allow_statements(path_statements())
                            .into_iter()
                            .filter(|s| s.policy_type != PolicyType::Identity),
                    );
                    return allowed(
                        "ALLOW_RBP_ROLE",
                        format!(
                            "the {} names the caller's role or federating user and the boundary and session policies allow {action}",
                            PolicyType::Resource.words()
                        ),
                        m,
                        steps,
                        conventions,
                    );
                }
                st!(
                    tracing,
                    steps,
                    "resource",
                    "limited",
                    format!("{grant_summary}, but that grant is limited by the boundary and session policies"),
                    true
                );
            } else if self.rbp.is_some() {
                st!(
                    tracing,
                    steps,
                    "resource",
                    if has(&[MatchKind::Account]) { "delegated" } else { "noGrant" },
                    grant_summary.clone(),
                    true
                );
            } else {
                st!(tracing, steps, "resource", "notApplicable", "no resource-based policy", true);
            }
            if let Some(req) = required {
                let what =
                    if req == RequiredPolicy::RoleTrust { "the role's trust policy" } else { "the KMS key policy" };
                push_identity_steps(&mut steps, has(&[MatchKind::Account]));
                if has(&[MatchKind::Account]) && identity_path {
                    let mut m = rbp_matched(&[MatchKind::Account]);
                    m.extend(Self::allow_statements(path_statements()));
                    return allowed(
                        "ALLOW_RBP_ACCOUNT_DELEGATION",
                        format!("{what} delegates to the account and the caller's own policies allow {action}"),
                        m,
                        steps,
                        conventions,
                    );
                }
                if has(&[MatchKind::Account]) {
                    let (_, why) = identity_failure();
                    return denied(
                        "RBP_REQUIRED".into(),
                        format!("{what} only delegates to the account, and {why}"),
                        steps,
                        conventions,
                    );
                }
                return denied("RBP_REQUIRED".into(), format!("{what} does not allow the caller"), steps, conventions);
            }
            push_identity_steps(&mut steps, true);
            if identity_path {
                if root {
                    return allowed(
                        "ALLOW_ROOT",
                        "the root user has full access to its own account".into(),
                        Vec::new(),
                        steps,
                        conventions,
                    );
                }
                let mut m = Self::allow_statements(path_statements());
                if has(&[MatchKind::Account]) {
                    m.extend(rbp_matched(&[MatchKind::Account]));
                }
                return allowed(
                    "ALLOW_IDENTITY",
                    format!(
                        "an identity-based policy allows {action}{}",
                        if boundary_eval.is_some() || !no_session_policy {
                            ", and the boundary and session policies allow it too"
                        } else {
                            ""
                        }
                    ),
                    m,
                    steps,
                    conventions,
                );
            }
            if has(&[MatchKind::Account]) && !id_ok {
                conventions.push("A resource-based policy naming the account only delegates to the account's identity policies, also within the same account (spec/evaluation.md §8.2 item 2, medium confidence).".into());
            }
            let (code, why) = identity_failure();
            return denied(code, why, steps, conventions);
        }

        // Cross-account: the trusted (principal) side and the trusting (resource) side must both allow.
        push_identity_steps(&mut steps, true);
        if !identity_path {
            st!(
                tracing,
                steps,
                "crossAccount",
                "implicitDeny",
                "cross-account: the caller's own account does not allow the request",
                true
            );
            let (_, why) = identity_failure();
            return denied(
                "CROSS_ACCOUNT_TRUSTED_SIDE".into(),
                format!("{why} in the caller's account (a cross-account request needs both accounts to allow it)"),
                steps,
                conventions,
            );
        }
        if grants.is_empty() {
            st!(
                tracing,
                steps,
                "resource",
                if self.rbp.is_some() { "noGrant" } else { "notApplicable" },
                grant_summary,
                true
            );
            st!(
                tracing,
                steps,
                "crossAccount",
                "implicitDeny",
                "cross-account: the resource's account does not allow the caller",
                true
            );
            return denied(
                "CROSS_ACCOUNT_NO_RBP_ALLOW".into(),
                format!(
                    "no {} in the resource's account allows the caller (a cross-account request needs both accounts to allow it)",
                    PolicyType::Resource.words()
                ),
                steps,
                conventions,
            );
        }
        st!(tracing, steps, "resource", "allowed", grant_summary, true);
        st!(tracing, steps, "crossAccount", "allowed", "cross-account: both accounts allow the request", true);
        let mut m = rbp_matched(&MatchKind::ALL);
        m.extend(Self::allow_statements(path_statements()));
        allowed(
            if root { "ALLOW_ROOT" } else { "ALLOW_IDENTITY" },
            format!(
                "both the caller's account and the {} of the resource's account allow {action}",
                PolicyType::Resource.words()
            ),
            m,
            steps,
            conventions,
        )
    }
}
