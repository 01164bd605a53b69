//! The calling principal of a request, as the scenario describes it (or as inferred from an ARN).

use serde::Serialize;

/// The kinds of caller the engine models (spec/evaluation.md §0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalKind {
    User,
    RoleSession,
    FederatedUser,
    Root,
    Service,
    Anonymous,
    WebIdentity,
    Saml,
}

impl PrincipalKind {
    pub fn parse(s: &str) -> Option<PrincipalKind> {
        Some(match s {
            "user" => PrincipalKind::User,
            "role-session" => PrincipalKind::RoleSession,
            "federated-user" => PrincipalKind::FederatedUser,
            "root" => PrincipalKind::Root,
            "service" => PrincipalKind::Service,
            "anonymous" => PrincipalKind::Anonymous,
            "web-identity" => PrincipalKind::WebIdentity,
            "saml" => PrincipalKind::Saml,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::RoleSession => "role-session",
            PrincipalKind::FederatedUser => "federated-user",
            PrincipalKind::Root => "root",
            PrincipalKind::Service => "service",
            PrincipalKind::Anonymous => "anonymous",
            PrincipalKind::WebIdentity => "web-identity",
            PrincipalKind::Saml => "saml",
        }
    }

    /// IAM identities that carry identity policies (and can have a boundary).
    pub fn is_iam_identity(self) -> bool {
        matches!(self, PrincipalKind::User | PrincipalKind::RoleSession | PrincipalKind::FederatedUser)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub kind: PrincipalKind,
    /// The caller's own ARN: user ARN, session ARN, federated-user ARN, root ARN; a SAML provider ARN.
    pub arn: Option<String>,
    pub account: Option<String>,
    pub partition: String,
    /// Role sessions: the role's ARN including its path.
    pub role_arn: Option<String>,
    pub session_name: Option<String>,
    /// Federated users: the IAM user (or root) that called GetFederationToken.
    pub user_arn: Option<String>,
    pub unique_id: Option<String>,
    pub role_unique_id: Option<String>,
    pub is_service_linked_role: bool,
    pub in_management_account: bool,
    /// Service principals: `lambda.amazonaws.com`.
    pub service: Option<String>,
    /// Web identity / SAML callers: the identity provider.
    pub provider: Option<String>,
    pub source_identity: Option<String>,
    pub tags: Vec<(String, String)>,
    pub session_tags: Vec<(String, String)>,
}

impl Principal {
    pub fn new(kind: PrincipalKind) -> Principal {
        Principal {
            kind,
            arn: None,
            account: None,
            partition: "aws".to_string(),
            role_arn: None,
            session_name: None,
            user_arn: None,
            unique_id: None,
            role_unique_id: None,
            is_service_linked_role: false,
            in_management_account: false,
            service: None,
            provider: None,
            source_identity: None,
            tags: Vec::new(),
            session_tags: Vec::new(),
        }
    }

    /// Sets the partition, keeping the string already there when it is the same (`aws`, nearly always).
    pub fn set_partition(&mut self, partition: &str) {
        if self.partition != partition {
            self.partition = partition.to_string();
        }
    }

    /// The name at the end of the ARN (`alice` of `user/path/alice`, the session name of a role session).
    pub fn name(&self) -> Option<&str> {
        let arn = self.arn.as_deref()?;
        // The name is short and last: a byte loop from the end finds its `/` sooner than `rsplit`'s memrchr.
        let start = arn.bytes().rposition(|b| b == b'/').map_or(0, |slash| slash + 1);
        arn.get(start..)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_what_follows_the_last_slash() {
        let name = |arn: Option<&str>| {
            let mut p = Principal::new(PrincipalKind::User);
            p.arn = arn.map(str::to_string);
            p.name().map(str::to_string)
        };
        for arn in ["arn:aws:iam::111122223333:user/path/alice", "user/", "/", "noslash", "", "a/b/é"] {
            assert_eq!(name(Some(arn)).as_deref(), arn.rsplit('/').next(), "{arn}");
        }
        assert_eq!(name(None), None);
    }
}
