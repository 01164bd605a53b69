//! The fields of a principal object beyond its ARN and kind: account, role and session, federating
//! user, service, provider, tags, and the completion of what the kind needs (a session ARN built from
//! roleArn + sessionName, a root ARN from the account). Disagreements with the ARN are errors.

use crate::model::{Principal, PrincipalKind};
use crate::source::Span;

use super::super::Diags;
use super::super::arn::{PrincipalArn, WEB_IDENTITY_PROVIDERS, is_account_id, parse_arn, principal_arn};
use super::fields::Fields;
use super::principal::{DEFAULT_SESSION, PATH, is_service_principal, session_arn};

fn ignored(d: &mut Diags, f: &Fields, name: &str, p: &Principal) {
    if let Some(m) = f.member(name) {
        d.warning(
            "FIELD_IGNORED",
            PATH,
            m.key_span,
            format!("\"{name}\" does not apply to a {} principal and is ignored", p.kind.as_str()),
        );
    }
}

fn mismatch(d: &mut Diags, span: Span, message: String) {
    d.error("PRINCIPAL_FIELD_MISMATCH", PATH, span, message);
}

pub(super) fn read_account(d: &mut Diags, f: &Fields, p: &mut Principal) {
    if matches!(
        p.kind,
        PrincipalKind::Service | PrincipalKind::Anonymous | PrincipalKind::WebIdentity | PrincipalKind::Saml
    ) {
        ignored(d, f, "account", p);
        return;
    }
    let Some((account, span)) = f.string(d, "account") else { return };
    if !is_account_id(account) {
        d.error("INVALID_ACCOUNT_ID", PATH, span, format!("\"{account}\" is not an AWS account id (12 digits)"));
        return;
    }
    match &p.account {
        Some(from_arn) if from_arn != account => {
            mismatch(d, span, format!("\"account\" is {account} but the ARN's account is {from_arn}"));
        }
        _ => p.account = Some(account.to_string()),
    }
}

pub(super) fn read_role_fields(d: &mut Diags, f: &Fields, p: &mut Principal, role_from_role_arn: bool) {
    if p.kind != PrincipalKind::RoleSession {
        for name in ["roleArn", "sessionName", "roleUniqueId", "isServiceLinkedRole"] {
            ignored(d, f, name, p);
        }
        return;
    }
    if let Some((text, span)) = f.string(d, "roleArn") {
        let parsed = parse_arn(text);
        match parsed.as_ref().and_then(|a| principal_arn(a).map(|form| (a, form))) {
            Some((arn, PrincipalArn::Role { path, name })) => {
                let session_role = p.arn.as_deref().and_then(parse_arn).and_then(|a| match principal_arn(&a) {
                    Some(PrincipalArn::AssumedRole { role, .. }) => Some((role.to_string(), a.account.to_string())),
                    _ => None,
                });
                match (&session_role, &p.account) {
                    (Some((role, _)), _) if role != name => {
                        mismatch(
                            d,
                            span,
                            format!("\"roleArn\" names role {name} but the session ARN's role is {role}"),
                        );
                    }
                    (_, Some(account)) if account != arn.account => {
                        mismatch(
                            d,
                            span,
                            format!("\"roleArn\" is in account {} but the principal is in {account}", arn.account),
                        );
                    }
                    _ => {
                        p.role_arn = Some(text.to_string());
                        p.account.get_or_insert_with(|| arn.account.to_string());
                        p.set_partition(arn.partition);
                        p.is_service_linked_role = path.starts_with("aws-service-role/");
                    }
                }
            }
            _ => d.error(
                "INVALID_VALUE",
                PATH,
                span,
                format!("\"roleArn\" must be a role ARN (arn:aws:iam::ACCOUNT:role/[path/]NAME), found \"{text}\""),
            ),
        }
    }
    if let Some((name, span)) = f.string(d, "sessionName") {
        match &p.session_name {
            Some(s) if s != name && !role_from_role_arn => {
                mismatch(d, span, format!("\"sessionName\" is \"{name}\" but the session ARN's session is \"{s}\""));
            }
            _ if name.is_empty() || name.contains('/') => {
                d.error("INVALID_VALUE", PATH, span, format!("\"{name}\" is not a session name"));
            }
            _ => {
                p.session_name = Some(name.to_string());
                if role_from_role_arn {
                    p.arn = None; // rebuilt from the role ARN and this session name in `complete`
                }
            }
        }
    }
    if let Some((id, _)) = f.string(d, "roleUniqueId") {
        p.role_unique_id = Some(id.to_string());
    }
    if let Some(b) = f.bool(d, "isServiceLinkedRole") {
        p.is_service_linked_role = b;
    }
}

pub(super) fn read_other_fields(d: &mut Diags, f: &Fields, p: &mut Principal) {
    if p.kind == PrincipalKind::FederatedUser {
        if let Some((text, span)) = f.string(d, "userArn") {
            let parsed = parse_arn(text);
            match parsed.as_ref().and_then(|a| principal_arn(a).map(|form| (a, form))) {
                Some((arn, PrincipalArn::User(_) | PrincipalArn::Root)) => {
                    if p.account.as_deref().is_some_and(|acct| acct != arn.account) {
                        mismatch(d, span, "\"userArn\" is in another account than the federated user".to_string());
                    } else {
                        p.user_arn = Some(text.to_string());
                    }
                }
                _ => d.error(
                    "INVALID_VALUE",
                    PATH,
                    span,
                    format!("\"userArn\" must be the ARN of the IAM user (or root) that federated, found \"{text}\""),
                ),
            }
        }
    } else {
        ignored(d, f, "userArn", p);
    }
    if let Some((id, _)) = f.string(d, "uniqueId") {
        p.unique_id = Some(id.to_string());
    }
    if let Some(b) = f.bool(d, "inManagementAccount") {
        p.in_management_account = b;
    }
    if p.kind == PrincipalKind::Service {
        if let Some((s, span)) = f.string(d, "service") {
            match &p.service {
                Some(given) if given != s => {
                    mismatch(d, span, format!("\"service\" is \"{s}\" but the principal is \"{given}\""))
                }
                _ if !is_service_principal(s) => d.error(
                    "INVALID_VALUE",
                    PATH,
                    span,
                    format!("\"{s}\" is not a service principal (e.g. \"lambda.amazonaws.com\")"),
                ),
                _ => p.service = Some(s.to_string()),
            }
        }
    } else {
        ignored(d, f, "service", p);
    }
    if matches!(p.kind, PrincipalKind::WebIdentity | PrincipalKind::Saml) {
        if let Some((s, span)) = f.string(d, "provider") {
            read_provider(d, p, s, span);
        }
    } else {
        ignored(d, f, "provider", p);
    }
    p.tags = read_tags(d, f, "tags");
    if matches!(
        p.kind,
        PrincipalKind::RoleSession | PrincipalKind::FederatedUser | PrincipalKind::WebIdentity | PrincipalKind::Saml
    ) {
        p.session_tags = read_tags(d, f, "sessionTags");
    } else {
        ignored(d, f, "sessionTags", p);
    }
    if let Some((s, _)) = f.string(d, "sourceIdentity") {
        p.source_identity = Some(s.to_string());
    }
}

fn read_provider(d: &mut Diags, p: &mut Principal, s: &str, span: Span) {
    if let Some(given) = &p.provider {
        if given != s {
            mismatch(d, span, format!("\"provider\" is \"{s}\" but the ARN names \"{given}\""));
        }
        return;
    }
    let form = parse_arn(s).as_ref().and_then(principal_arn);
    let ok = match p.kind {
        PrincipalKind::Saml => form == Some(PrincipalArn::SamlProvider),
        _ => WEB_IDENTITY_PROVIDERS.contains(&s) || form == Some(PrincipalArn::OidcProvider),
    };
    if !ok {
        let expected = if p.kind == PrincipalKind::Saml {
            "a saml-provider ARN".to_string()
        } else {
            format!("an oidc-provider ARN or one of {}", WEB_IDENTITY_PROVIDERS.join(", "))
        };
        d.error("INVALID_VALUE", PATH, span, format!("\"provider\" must be {expected}, found \"{s}\""));
        return;
    }
    if let Some(a) = parse_arn(s) {
        p.set_partition(a.partition);
    }
    if p.kind == PrincipalKind::Saml {
        p.arn = Some(s.to_string());
    }
    p.provider = Some(s.to_string());
}

/// `{ "key": "value", ... }` with string values.
fn read_tags(d: &mut Diags, f: &Fields, name: &str) -> Vec<(String, String)> {
    let Some(v) = f.get(name) else { return Vec::new() };
    let Some(members) = v.as_object() else {
        f.type_error(d, name, v, "an object of tag keys to string values");
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(members.len());
    for m in members {
        // IAM tag keys are unique regardless of case; two spellings would make aws:PrincipalTag ambiguous.
        if out.iter().any(|(k, _)| k.eq_ignore_ascii_case(m.key)) {
            d.error(
                "TAG_KEY_CASE_CONFLICT",
                &f.sub(name),
                m.key_span,
                format!("tag key \"{}\" repeats another key of \"{name}\" in a different case; tag keys are case-insensitive", m.key),
            );
            continue;
        }
        match m.value.as_str() {
            Some(s) => out.push((m.key.to_string(), s.to_string())),
            None => d.error(
                "INVALID_TYPE",
                &f.sub(name),
                m.value.span,
                format!("tag \"{}\" must have a string value, found {}", m.key, m.value.type_name()),
            ),
        }
    }
    out
}

/// Fills what the kind needs from the other fields, or reports what is missing (unless the field was
/// given and already reported as invalid).
pub(super) fn complete(d: &mut Diags, f: &Fields, p: &mut Principal) {
    let given = |name: &str| f.get(name).is_some();
    match p.kind {
        PrincipalKind::User | PrincipalKind::FederatedUser if p.arn.is_none() => {
            f.missing(d, "arn", &format!("a {} principal needs its ARN", p.kind.as_str()));
        }
        PrincipalKind::RoleSession if p.arn.is_none() => {
            let role = p.role_arn.as_deref().and_then(parse_arn).and_then(|a| match principal_arn(&a) {
                Some(PrincipalArn::Role { name, .. }) => {
                    Some((a.partition.to_string(), a.account.to_string(), name.to_string()))
                }
                _ => None,
            });
            match role {
                Some((partition, account, name)) => {
                    let session = p.session_name.get_or_insert_with(|| DEFAULT_SESSION.to_string()).clone();
                    p.arn = Some(session_arn(&partition, &account, &name, &session));
                }
                None if given("roleArn") => {}
                None => f.missing(d, "arn", "a role-session principal needs its assumed-role ARN (or \"roleArn\")"),
            }
        }
        PrincipalKind::Root if p.arn.is_none() => match &p.account {
            Some(account) => p.arn = Some(format!("arn:{}:iam::{account}:root", p.partition)),
            None if given("account") => {}
            None => f.missing(d, "account", "a root principal needs its account (or its root ARN)"),
        },
        PrincipalKind::Service if p.service.is_none() && !given("service") => {
            f.missing(d, "service", "a service principal needs its name, e.g. \"lambda.amazonaws.com\"");
        }
        PrincipalKind::WebIdentity | PrincipalKind::Saml if p.provider.is_none() && !given("provider") => {
            f.missing(d, "provider", "a federated caller needs its identity provider");
        }
        _ => {}
    }
}
