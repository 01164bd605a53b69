//! The effective request context: what the request gave, plus the keys AWS derives from the principal
//! (spec/evaluation.md §1.1, conditions.md §4.9) unless `options.deriveContext` is false. Explicit context
//! always wins over a derived key.

use crate::model::{Context, ContextValue, NewValue, Options, Principal, PrincipalKind, Request};

/// The request's context with the derived principal keys added where the request did not give them.
pub fn effective_context(request: &Request, options: &Options) -> Context {
    let mut ctx = request.context.clone();
    derive_into(&mut ctx, &request.principal, options);
    ctx
}

/// Adds the derived principal keys to `ctx` in place, where it lacks them (no copy of the request's own
/// context: the hot path of a request parsed for one evaluation). Values are built only for keys the
/// request did not give; of two derivations of one key (tags differing only in case), the first stays.
pub fn derive_into(ctx: &mut Context, principal: &Principal, options: &Options) {
    if !options.derive_context {
        return;
    }
    let p = principal;
    let lit = |v| Some(NewValue::Scalar(v));
    let (principal_type, is_service) = match p.kind {
        PrincipalKind::User => (Some("User"), Some("false")),
        PrincipalKind::RoleSession => (Some("AssumedRole"), Some("false")),
        PrincipalKind::FederatedUser => (Some("FederatedUser"), Some("false")),
        PrincipalKind::Root => (Some("Account"), Some("false")),
        PrincipalKind::Service => (None, Some("true")),
        PrincipalKind::Anonymous => (Some("Anonymous"), None),
        // Unauthenticated callers presenting a token or assertion: the trust policy reads provider keys
        // (`accounts.google.com:sub`, `SAML:aud`, ...) which only the request can supply.
        PrincipalKind::WebIdentity | PrincipalKind::Saml => (None, None),
    };
    ctx.derive_named(PRINCIPAL_ARN, || principal_arn(p));
    ctx.derive_named(PRINCIPAL_ACCOUNT, || match p.kind {
        PrincipalKind::Anonymous => lit("anonymous"),
        k if k.is_iam_identity() || k == PrincipalKind::Root => borrowed(&p.account),
        _ => None,
    });
    ctx.derive_named(PRINCIPAL_TYPE, || principal_type.and_then(lit));
    ctx.derive_named(USERID, || userid(p));
    ctx.derive_named(PRINCIPAL_IS_AWS_SERVICE, || is_service.and_then(lit));
    match p.kind {
        PrincipalKind::User => ctx.derive_named(USERNAME, || p.name().and_then(lit)),
        PrincipalKind::RoleSession => ctx.derive_named(SOURCE_IDENTITY, || borrowed(&p.source_identity)),
        PrincipalKind::Service => {
            ctx.derive_named(PRINCIPAL_SERVICE_NAME, || borrowed(&p.service));
            ctx.derive_named(PRINCIPAL_SERVICE_NAMES_LIST, || {
                p.service.clone().map(|s| NewValue::Owned(ContextValue::List(vec![s])))
            });
        }
        _ => {}
    }
    if p.kind.is_iam_identity() {
        // aws:PrincipalTag/K: entity tags, overridden by session tags of the same key (case-insensitively).
        let session: &[(String, String)] = if p.kind == PrincipalKind::User { &[] } else { &p.session_tags };
        let entity = p.tags.iter().filter(|(k, _)| !session.iter().any(|(sk, _)| sk.eq_ignore_ascii_case(k)));
        for (k, v) in entity.chain(session) {
            with_tag_key(k, |key| ctx.derive(key, || lit(v)));
        }
    }
}

/// A derived key's name as AWS spells it, and lowercased (the context compares lowercased names):
/// lowercasing the same constants for every request was a measurable part of deriving. A test checks
/// each pair.
type Name = (&'static str, &'static str);
const PRINCIPAL_ARN: Name = ("aws:PrincipalArn", "aws:principalarn");
const PRINCIPAL_ACCOUNT: Name = ("aws:PrincipalAccount", "aws:principalaccount");
const PRINCIPAL_TYPE: Name = ("aws:PrincipalType", "aws:principaltype");
const USERID: Name = ("aws:userid", "aws:userid");
const PRINCIPAL_IS_AWS_SERVICE: Name = ("aws:PrincipalIsAWSService", "aws:principalisawsservice");
const USERNAME: Name = ("aws:username", "aws:username");
const SOURCE_IDENTITY: Name = ("aws:SourceIdentity", "aws:sourceidentity");
const PRINCIPAL_SERVICE_NAME: Name = ("aws:PrincipalServiceName", "aws:principalservicename");
const PRINCIPAL_SERVICE_NAMES_LIST: Name = ("aws:PrincipalServiceNamesList", "aws:principalservicenameslist");

/// Calls `f` with `aws:PrincipalTag/<tag>`, spelled in a stack buffer when it fits (every request with
/// tags derives these keys: an allocation saved per request).
fn with_tag_key(tag: &str, f: impl FnOnce(&str)) {
    const PREFIX: &str = "aws:PrincipalTag/";
    let mut buffer = [0u8; 128];
    let len = PREFIX.len() + tag.len();
    if let Some(slot) = buffer.get_mut(..len) {
        let (head, tail) = slot.split_at_mut(PREFIX.len());
        head.copy_from_slice(PREFIX.as_bytes());
        tail.copy_from_slice(tag.as_bytes());
        if let Ok(key) = std::str::from_utf8(slot) {
            return f(key);
        }
    }
    f(&[PREFIX, tag].concat());
}

/// `aws:PrincipalArn`: the role ARN (not the session ARN) for role sessions; absent for callers that are
/// not IAM principals.
fn principal_arn(p: &Principal) -> Option<NewValue<'_>> {
    match p.kind {
        PrincipalKind::RoleSession => p.role_arn.as_deref().map(NewValue::Scalar),
        PrincipalKind::Root => p
            .arn
            .as_deref()
            .map(NewValue::Scalar)
            .or_else(|| p.account.as_ref().map(|a| built(format!("arn:{}:iam::{a}:root", p.partition)))),
        PrincipalKind::User | PrincipalKind::FederatedUser => p.arn.as_deref().map(NewValue::Scalar),
        _ => None,
    }
}

/// A value the principal holds (the context copies it into its own buffer).
fn borrowed(v: &Option<String>) -> Option<NewValue<'_>> {
    v.as_deref().map(NewValue::Scalar)
}

/// A value built for the occasion.
fn built(s: String) -> NewValue<'static> {
    NewValue::Owned(ContextValue::Scalar(s))
}

/// `aws:userid` (conditions.md §4.9), where the principal gives what it is made of.
fn userid(p: &Principal) -> Option<NewValue<'_>> {
    match p.kind {
        PrincipalKind::User => p.unique_id.as_deref().map(NewValue::Scalar),
        PrincipalKind::RoleSession => {
            Some(built(format!("{}:{}", p.role_unique_id.as_ref()?, p.session_name.as_ref()?)))
        }
        PrincipalKind::FederatedUser => Some(built(format!("{}:{}", p.account.as_ref()?, p.name()?))),
        PrincipalKind::Root => p.account.as_deref().map(NewValue::Scalar),
        PrincipalKind::Anonymous => Some(NewValue::Scalar("anonymous")),
        _ => None,
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

    fn scalar(s: &str) -> ContextValue {
        ContextValue::Scalar(s.to_string())
    }

    fn derived_keys(p: &Principal) -> Context {
        let mut ctx = Context::new();
        derive_into(&mut ctx, p, &Options::default());
        ctx
    }

    fn get(keys: &Context, k: &str) -> Option<ContextValue> {
        keys.get(k).map(|e| e.value.to_value())
    }

    #[test]
    fn derived_names_are_given_with_their_lowercased_form() {
        for (key, lower) in [
            PRINCIPAL_ARN,
            PRINCIPAL_ACCOUNT,
            PRINCIPAL_TYPE,
            USERID,
            PRINCIPAL_IS_AWS_SERVICE,
            USERNAME,
            SOURCE_IDENTITY,
            PRINCIPAL_SERVICE_NAME,
            PRINCIPAL_SERVICE_NAMES_LIST,
        ] {
            assert_eq!(lower, key.to_ascii_lowercase());
        }
    }

    #[test]
    fn tag_keys_of_any_length_are_derived() {
        let mut p = session();
        let long = "k".repeat(200);
        p.tags = vec![(long.clone(), "v".into()), ("é".into(), "w".into())];
        p.session_tags.clear();
        let keys = derived_keys(&p);
        assert_eq!(get(&keys, &format!("aws:PrincipalTag/{long}")), Some(scalar("v")));
        assert_eq!(get(&keys, "aws:PrincipalTag/é"), Some(scalar("w")));
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
        assert_eq!(eff.get("aws:principaltype").map(|e| e.value.to_value()), Some(scalar("Custom")));
        assert!(eff.get("aws:PrincipalArn").is_some_and(|e| e.derived));
        let off = Options { derive_context: false, ..Options::default() };
        assert_eq!(effective_context(&request, &off).len(), 1);
    }
}
