//! `request.principal`: a string (ARN, service principal, web-identity provider, `anonymous`) whose kind
//! is inferred, or an object with an explicit `kind` and the fields of design.md §3. Fills account and
//! partition from ARNs, derives the role ARN of a session, and checks that the fields agree.

use crate::model::{Principal, PrincipalKind};

use super::super::arn::{Arn, PrincipalArn, WEB_IDENTITY_PROVIDERS, is_account_id, principal_arn};
use super::super::{Diags, Json, JsonValue, list_names};
use super::fields::Fields;
use super::principal_fields::{complete, read_account, read_other_fields, read_role_fields};

pub(super) const PATH: &str = "request.principal";
const FIELDS: [&str; 15] = [
    "arn",
    "kind",
    "account",
    "roleArn",
    "sessionName",
    "userArn",
    "uniqueId",
    "roleUniqueId",
    "isServiceLinkedRole",
    "inManagementAccount",
    "service",
    "provider",
    "tags",
    "sessionTags",
    "sourceIdentity",
];
const KINDS: [&str; 8] =
    ["user", "role-session", "federated-user", "root", "service", "anonymous", "web-identity", "saml"];
/// The session name given to a role named by its role ARN.
pub(super) const DEFAULT_SESSION: &str = "iamsim";

/// A principal read from a string, and a note to show the user when the reading involved a choice.
struct Inferred {
    principal: Principal,
    note: Option<(&'static str, String)>,
}

pub(super) fn read_principal(d: &mut Diags, json: &Json) -> Option<Principal> {
    match json.value {
        JsonValue::String(text) => match infer(text) {
            Ok(inferred) => {
                if let Some((code, message)) = inferred.note {
                    d.info(code, PATH, json.span, message);
                }
                Some(inferred.principal)
            }
            Err(message) => {
                d.error("INVALID_PRINCIPAL", PATH, json.span, message);
                None
            }
        },
        JsonValue::Object(_) => read_object(d, json),
        _ => {
            d.error(
                "INVALID_TYPE",
                PATH,
                json.span,
                format!("\"principal\" must be a string (an ARN, a service principal or \"anonymous\") or an object, found {}", json.type_name()),
            );
            None
        }
    }
}

fn infer(text: &str) -> Result<Inferred, String> {
    let plain = |principal| Ok(Inferred { principal, note: None });
    if text == "anonymous" || text == "*" {
        return plain(Principal::new(PrincipalKind::Anonymous));
    }
    if is_account_id(text) {
        let mut p = Principal::new(PrincipalKind::Root);
        p.arn = Some(format!("arn:aws:iam::{text}:root"));
        p.account = Some(text.to_string());
        let note = format!("the account id {text} is read as the account's root user (arn:aws:iam::{text}:root)");
        return Ok(Inferred { principal: p, note: Some(("PRINCIPAL_ACCOUNT_AS_ROOT", note)) });
    }
    if WEB_IDENTITY_PROVIDERS.contains(&text) {
        let mut p = Principal::new(PrincipalKind::WebIdentity);
        p.provider = Some(text.to_string());
        return plain(p);
    }
    if let Some(arn) = Arn::parse(text) {
        return infer_arn(text, &arn);
    }
    if is_service_principal(text) {
        let mut p = Principal::new(PrincipalKind::Service);
        p.service = Some(text.to_string());
        return plain(p);
    }
    Err(format!(
        "\"{text}\" is not a principal: give an IAM or STS ARN, a service principal (\"lambda.amazonaws.com\"), a web identity provider or \"anonymous\""
    ))
}

fn infer_arn(text: &str, arn: &Arn) -> Result<Inferred, String> {
    let Some(form) = principal_arn(arn) else {
        return Err(format!(
            "\"{text}\" is not a principal ARN: use a user, role, assumed-role, federated-user, root, saml-provider or oidc-provider ARN"
        ));
    };
    let with = |kind| {
        let mut p = Principal::new(kind);
        p.arn = Some(text.to_string());
        p.account = Some(arn.account.to_string());
        p.set_partition(arn.partition);
        p
    };
    let mut note = None;
    let principal = match form {
        PrincipalArn::Root => with(PrincipalKind::Root),
        PrincipalArn::User(_) => with(PrincipalKind::User),
        PrincipalArn::FederatedUser(_) => with(PrincipalKind::FederatedUser),
        PrincipalArn::AssumedRole { role, session } => {
            let mut p = with(PrincipalKind::RoleSession);
            // The session ARN drops the role's path; without roleArn we assume there was none.
            p.role_arn = Some(format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account));
            p.session_name = Some(session.to_string());
            p
        }
        PrincipalArn::Role { path, name } => {
            let mut p = with(PrincipalKind::RoleSession);
            p.arn = Some(session_arn(arn.partition, arn.account, name, DEFAULT_SESSION));
            p.role_arn = Some(text.to_string());
            p.session_name = Some(DEFAULT_SESSION.to_string());
            p.is_service_linked_role = path.starts_with("aws-service-role/");
            note = Some((
                "PRINCIPAL_ROLE_AS_SESSION",
                format!(
                    "a role is not a caller by itself: simulating a session of role {name} named \"{DEFAULT_SESSION}\" (give an assumed-role ARN, or sessionName, to choose the session)"
                ),
            ));
            p
        }
        PrincipalArn::SamlProvider => {
            let mut p = Principal::new(PrincipalKind::Saml);
            p.arn = Some(text.to_string());
            p.provider = Some(text.to_string());
            p.set_partition(arn.partition);
            p
        }
        PrincipalArn::OidcProvider => {
            let mut p = Principal::new(PrincipalKind::WebIdentity);
            p.provider = Some(text.to_string());
            p.set_partition(arn.partition);
            p
        }
        PrincipalArn::Group => {
            return Err(format!(
                "\"{text}\" is a user group, and groups are not principals: simulate one of its users"
            ));
        }
    };
    Ok(Inferred { principal, note })
}

pub(super) fn session_arn(partition: &str, account: &str, role: &str, session: &str) -> String {
    format!("arn:{partition}:sts::{account}:assumed-role/{role}/{session}")
}

/// `lambda.amazonaws.com`, regional `s3.ap-east-1.amazonaws.com`, China `ec2.amazonaws.com.cn`.
pub(super) fn is_service_principal(text: &str) -> bool {
    let stem = text.strip_suffix(".amazonaws.com").or_else(|| text.strip_suffix(".amazonaws.com.cn"));
    stem.is_some_and(|s| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    })
}

fn read_object(d: &mut Diags, json: &Json) -> Option<Principal> {
    let f = Fields::read(d, json, PATH, &FIELDS)?;
    let errors_before = error_count(d);
    let kind = match f.string(d, "kind") {
        Some((k, span)) => match PrincipalKind::parse(k) {
            Some(kind) => Some((kind, span)),
            None => {
                d.error(
                    "INVALID_VALUE",
                    PATH,
                    span,
                    format!("\"kind\" must be one of {}, found \"{k}\"", list_names(&KINDS)),
                );
                return None;
            }
        },
        None => None,
    };
    let mut role_from_role_arn = false;
    let mut p = if let Some((text, span)) = f.string(d, "arn") {
        let inferred = match infer(text) {
            Ok(i) => i,
            Err(message) => {
                d.error("INVALID_PRINCIPAL", PATH, span, message);
                return None;
            }
        };
        if let Some((k, _)) = kind {
            if k != inferred.principal.kind {
                d.error(
                    "PRINCIPAL_KIND_MISMATCH",
                    PATH,
                    span,
                    format!(
                        "\"kind\" is \"{}\" but this ARN names a {} principal",
                        k.as_str(),
                        inferred.principal.kind.as_str()
                    ),
                );
                return None;
            }
        }
        role_from_role_arn = inferred.note.as_ref().is_some_and(|(c, _)| *c == "PRINCIPAL_ROLE_AS_SESSION");
        if !role_from_role_arn || f.get("sessionName").is_none() {
            if let Some((code, message)) = inferred.note {
                d.info(code, PATH, span, message);
            }
        }
        inferred.principal
    } else if let Some((k, _)) = kind {
        Principal::new(k)
    } else if f.get("service").is_some() {
        Principal::new(PrincipalKind::Service)
    } else if let Some((provider, _)) = f.string(d, "provider") {
        Principal::new(if provider.contains(":saml-provider/") {
            PrincipalKind::Saml
        } else {
            PrincipalKind::WebIdentity
        })
    } else {
        f.missing(d, "arn", "give the principal's \"arn\", or its \"kind\" and the fields that describe it");
        return None;
    };

    read_account(d, &f, &mut p);
    read_role_fields(d, &f, &mut p, role_from_role_arn);
    read_other_fields(d, &f, &mut p);
    complete(d, &f, &mut p);
    (error_count(d) == errors_before).then_some(p)
}

fn error_count(d: &Diags) -> usize {
    d.list.iter().filter(|x| x.is_error()).count()
}
