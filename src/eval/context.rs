//! The effective request context: what the request gave, plus the keys AWS derives from the principal
//! (spec/evaluation.md §1.1, conditions.md §4.9) unless `options.deriveContext` is false. Explicit context
//! always wins over a derived key.

use crate::model::{Context, ContextValue, Options, Principal, PrincipalKind, Request};

/// The request's context with the derived principal keys added where the request did not give them.
pub fn effective_context(request: &Request, options: &Options) -> Context {
    let mut ctx = request.context.clone();
    derive_into(&mut ctx, &request.principal, options);
    ctx
}

/// Adds the derived principal keys to `ctx` in place, where it lacks them (no copy of the request's own
/// context: the hot path of a request parsed for one evaluation).
pub fn derive_into(ctx: &mut Context, principal: &Principal, options: &Options) {
    if options.derive_context {
        let keys = derived_keys(principal);
        ctx.reserve(keys.len());
        for (key, value) in keys {
            ctx.insert_if_absent(&key, value);
        }
    }
}

fn scalar(s: impl Into<String>) -> ContextValue {
    ContextValue::Scalar(s.into())
}

/// The keys AWS fills from the calling principal alone.
pub fn derived_keys(p: &Principal) -> Vec<(String, ContextValue)> {
    let mut out: Vec<(String, ContextValue)> = Vec::new();
    let account = p.account.clone();
    match p.kind {
        PrincipalKind::User => {
            if let Some(arn) = &p.arn {
                out.push(("aws:PrincipalArn".into(), scalar(arn.clone())));
            }
            push_account(&mut out, &account);
            out.push(("aws:PrincipalType".into(), scalar("User")));
            if let Some(name) = p.name() {
                out.push(("aws:username".into(), scalar(name)));
            }
            if let Some(id) = &p.unique_id {
                out.push(("aws:userid".into(), scalar(id.clone())));
            }
            out.push(("aws:PrincipalIsAWSService".into(), scalar("false")));
            push_tags(&mut out, &p.tags, &[]);
        }
        PrincipalKind::RoleSession => {
            if let Some(role) = &p.role_arn {
                out.push(("aws:PrincipalArn".into(), scalar(role.clone())));
            }
            push_account(&mut out, &account);
            out.push(("aws:PrincipalType".into(), scalar("AssumedRole")));
            if let (Some(id), Some(session)) = (&p.role_unique_id, &p.session_name) {
                out.push(("aws:userid".into(), scalar(format!("{id}:{session}"))));
            }
            out.push(("aws:PrincipalIsAWSService".into(), scalar("false")));
            push_tags(&mut out, &p.tags, &p.session_tags);
            if let Some(si) = &p.source_identity {
                out.push(("aws:SourceIdentity".into(), scalar(si.clone())));
            }
        }
        PrincipalKind::FederatedUser => {
            if let Some(arn) = &p.arn {
                out.push(("aws:PrincipalArn".into(), scalar(arn.clone())));
            }
            push_account(&mut out, &account);
            out.push(("aws:PrincipalType".into(), scalar("FederatedUser")));
            if let (Some(acct), Some(name)) = (&account, p.name()) {
                out.push(("aws:userid".into(), scalar(format!("{acct}:{name}"))));
            }
            out.push(("aws:PrincipalIsAWSService".into(), scalar("false")));
            push_tags(&mut out, &p.tags, &p.session_tags);
        }
        PrincipalKind::Root => {
            if let Some(arn) = root_arn(p) {
                out.push(("aws:PrincipalArn".into(), scalar(arn)));
            }
            push_account(&mut out, &account);
            out.push(("aws:PrincipalType".into(), scalar("Account")));
            if let Some(acct) = &account {
                out.push(("aws:userid".into(), scalar(acct.clone())));
            }
            out.push(("aws:PrincipalIsAWSService".into(), scalar("false")));
        }
        PrincipalKind::Service => {
            out.push(("aws:PrincipalIsAWSService".into(), scalar("true")));
            if let Some(svc) = &p.service {
                out.push(("aws:PrincipalServiceName".into(), scalar(svc.clone())));
                out.push(("aws:PrincipalServiceNamesList".into(), ContextValue::List(vec![svc.clone()])));
            }
        }
        PrincipalKind::Anonymous => {
            out.push(("aws:PrincipalAccount".into(), scalar("anonymous")));
            out.push(("aws:PrincipalType".into(), scalar("Anonymous")));
            out.push(("aws:userid".into(), scalar("anonymous")));
        }
        // Unauthenticated callers presenting a token or assertion: the trust policy reads provider keys
        // (`accounts.google.com:sub`, `SAML:aud`, ...) which only the request can supply.
        PrincipalKind::WebIdentity | PrincipalKind::Saml => {}
    }
    out
}

fn root_arn(p: &Principal) -> Option<String> {
    p.arn.clone().or_else(|| p.account.as_ref().map(|a| format!("arn:{}:iam::{a}:root", p.partition)))
}

fn push_account(out: &mut Vec<(String, ContextValue)>, account: &Option<String>) {
    if let Some(acct) = account {
        out.push(("aws:PrincipalAccount".into(), scalar(acct.clone())));
    }
}

/// `aws:PrincipalTag/K`: entity tags, overridden by session tags of the same key (compared case-insensitively).
fn push_tags(out: &mut Vec<(String, ContextValue)>, tags: &[(String, String)], session_tags: &[(String, String)]) {
    for (k, v) in tags {
        if !session_tags.iter().any(|(sk, _)| sk.eq_ignore_ascii_case(k)) {
            out.push((format!("aws:PrincipalTag/{k}"), scalar(v.clone())));
        }
    }
    for (k, v) in session_tags {
        out.push((format!("aws:PrincipalTag/{k}"), scalar(v.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Principal {
        let mut p = Principal::new(PrincipalKind::RoleSession);
        p.arn = Some("arn:aws:sts::111122223333:assumed-role/app/s1".into());
        p.role_arn = Some("arn:aws:iam::111122223333:role/team/app".into());
        p.account = Some("111122223333".into());
        p.session_name = Some("s1".into());
        p.role_unique_id = Some("AROAEXAMPLE".into());
        p.tags = vec![("team".into(), "red".into()), ("env".into(), "dev".into())];
        p.session_tags = vec![("Team".into(), "blue".into())];
        p
    }

    fn get(keys: &[(String, ContextValue)], k: &str) -> Option<ContextValue> {
        keys.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone())
    }

    #[test]
    fn role_session_uses_role_arn_and_session_tags_override_role_tags() {
        let keys = derived_keys(&session());
        assert_eq!(get(&keys, "aws:PrincipalArn"), Some(scalar("arn:aws:iam::111122223333:role/team/app")));
        assert_eq!(get(&keys, "aws:userid"), Some(scalar("AROAEXAMPLE:s1")));
        assert_eq!(get(&keys, "aws:PrincipalType"), Some(scalar("AssumedRole")));
        assert_eq!(get(&keys, "aws:PrincipalTag/team"), Some(scalar("blue")));
        assert_eq!(get(&keys, "aws:PrincipalTag/env"), Some(scalar("dev")));
        assert_eq!(get(&keys, "aws:username"), None);
    }

    #[test]
    fn anonymous_has_account_anonymous_and_no_principal_arn() {
        let keys = derived_keys(&Principal::new(PrincipalKind::Anonymous));
        assert_eq!(get(&keys, "aws:PrincipalAccount"), Some(scalar("anonymous")));
        assert_eq!(get(&keys, "aws:PrincipalArn"), None);
        assert_eq!(get(&keys, "aws:PrincipalIsAWSService"), None);
    }

    #[test]
    fn explicit_context_wins_and_derivation_can_be_switched_off() {
        let mut ctx = Context::new();
        ctx.insert("AWS:PrincipalType", scalar("Custom"), false);
        let request = Request {
            principal: session(),
            action: "s3:GetObject".into(),
            resource: "*".into(),
            resource_account: None,
            resource_in_management_account: false,
            context: ctx,
        };
        let eff = effective_context(&request, &Options::default());
        assert_eq!(eff.get("aws:principaltype").map(|e| e.value.clone()), Some(scalar("Custom")));
        assert!(eff.get("aws:PrincipalArn").is_some_and(|e| e.derived));
        let off = Options { derive_context: false, ..Options::default() };
        assert_eq!(effective_context(&request, &off).len(), 1);
    }
}
