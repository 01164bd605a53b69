//! Just enough ARN reading for the parser: split `arn:partition:service:region:account:resource` and
//! recognise the principal ARN forms of IAM and STS. Matching ARNs against patterns is not done here.

pub(crate) use crate::matching::Arn;

/// An ARN as principals and requests must write it: six fields, with a partition and a service.
pub(crate) fn parse_arn(text: &str) -> Option<Arn<'_>> {
    Arn::parse(text).filter(|a| !a.partition.is_empty() && !a.service.is_empty())
}

/// Web identity providers named directly (any other provider is an `oidc-provider` ARN).
pub(crate) const WEB_IDENTITY_PROVIDERS: [&str; 4] =
    ["cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"];

/// A 12-digit AWS account id.
pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The IAM and STS principal forms an ARN can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrincipalArn<'a> {
    Root,
    /// `user/[path/]name`: the name.
    User(&'a str),
    /// `role/[path/]name`: the path without its leading slash (`""` when none, else `a/b/`) and the name.
    Role {
        path: &'a str,
        name: &'a str,
    },
    AssumedRole {
        role: &'a str,
        session: &'a str,
    },
    FederatedUser(&'a str),
    Group,
    SamlProvider,
    OidcProvider,
}

/// Recognises an IAM/STS principal ARN (account must be 12 digits, region empty); `None` for anything else.
pub(crate) fn principal_arn<'a>(arn: &Arn<'a>) -> Option<PrincipalArn<'a>> {
    if !arn.region.is_empty() || !is_account_id(arn.account) {
        return None;
    }
    let r = arn.resource;
    let non_empty = |s: &str| !s.is_empty();
    match arn.service {
        "iam" => {
            if r == "root" {
                Some(PrincipalArn::Root)
            } else if let Some(rest) = r.strip_prefix("user/") {
                named(rest).map(|(_, name)| PrincipalArn::User(name))
            } else if let Some(rest) = r.strip_prefix("role/") {
                named(rest).map(|(path, name)| PrincipalArn::Role { path, name })
            } else if r.starts_with("group/") {
                Some(PrincipalArn::Group)
            } else if r.strip_prefix("saml-provider/").is_some_and(non_empty) {
                Some(PrincipalArn::SamlProvider)
            } else if r.strip_prefix("oidc-provider/").is_some_and(non_empty) {
                Some(PrincipalArn::OidcProvider)
            } else {
                None
            }
        }
        "sts" => {
            if let Some(rest) = r.strip_prefix("assumed-role/") {
                let (role, session) = rest.split_once('/')?;
                (!role.is_empty() && !session.is_empty() && !session.contains('/'))
                    .then_some(PrincipalArn::AssumedRole { role, session })
            } else if let Some(name) = r.strip_prefix("federated-user/") {
                (!name.is_empty() && !name.contains('/')).then_some(PrincipalArn::FederatedUser(name))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `[path/]name` after `user/` or `role/`: the path with its trailing slash (`""` when none) and the name.
fn named(rest: &str) -> Option<(&str, &str)> {
    let name = rest.rsplit('/').next().filter(|n| !n.is_empty())?;
    let path = rest.get(..rest.len() - name.len()).unwrap_or("");
    Some((path, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<PrincipalArn<'_>> {
        Arn::parse(s).as_ref().and_then(principal_arn)
    }

    #[test]
    fn splits_six_fields_keeping_colons_in_the_resource() {
        let a = Arn::parse("arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s").unwrap();
        assert_eq!(a.service, "logs");
        assert_eq!(a.resource, "log-group:g:log-stream:s");
        assert!(Arn::parse("arn:aws:s3").is_none());
        assert!(Arn::parse("urn:aws:s3:::b").is_none());
        assert_eq!(Arn::parse("arn:aws:s3:::b").unwrap().account, "");
    }

    #[test]
    fn recognises_principal_forms() {
        assert_eq!(kind("arn:aws:iam::111122223333:root"), Some(PrincipalArn::Root));
        assert_eq!(kind("arn:aws:iam::111122223333:user/a/b/alice"), Some(PrincipalArn::User("alice")));
        assert_eq!(
            kind("arn:aws:iam::111122223333:role/aws-service-role/x/r"),
            Some(PrincipalArn::Role { path: "aws-service-role/x/", name: "r" })
        );
        assert_eq!(kind("arn:aws:iam::111122223333:role/r"), Some(PrincipalArn::Role { path: "", name: "r" }));
        assert_eq!(
            kind("arn:aws:sts::111122223333:assumed-role/r/s"),
            Some(PrincipalArn::AssumedRole { role: "r", session: "s" })
        );
        assert_eq!(kind("arn:aws:sts::111122223333:federated-user/bob"), Some(PrincipalArn::FederatedUser("bob")));
        assert_eq!(kind("arn:aws:iam::111122223333:group/devs"), Some(PrincipalArn::Group));
        assert_eq!(kind("arn:aws:iam::111122223333:saml-provider/idp"), Some(PrincipalArn::SamlProvider));
        assert_eq!(
            kind("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"),
            Some(PrincipalArn::OidcProvider)
        );
        assert_eq!(kind("arn:aws:iam::*:root"), None);
        assert_eq!(kind("arn:aws:iam::111122223333:user/"), None);
        assert_eq!(kind("arn:aws:sts::111122223333:assumed-role/r"), None);
        assert_eq!(kind("arn:aws:iam:us-east-1:111122223333:root"), None);
    }
}
