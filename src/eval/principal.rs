//! Principal and NotPrincipal against the calling principal (spec/evaluation.md §2.4, §2.5, §3.1).
//! A Principal element yields the *strongest* match kind among its entries; the kind decides, in the flow,
//! whether a resource-based Allow is limited by boundary and session policies.

use crate::model::{NotPrincipalMode, Principal, PrincipalEntry, PrincipalKey, PrincipalKind};

/// How a resource-based policy's Principal entry names the caller, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Wildcard,
    /// The caller itself: user ARN or unique id, session ARN, federated-user ARN, service, provider.
    Direct,
    /// The role of a role session (its ARN with path, or its AROA unique id).
    RoleOfSession,
    /// The IAM user who called GetFederationToken, for a federated-user caller.
    FederatingUser,
    /// The caller's account (12-digit id or root ARN): delegation to the account's own policies.
    Account,
}

impl MatchKind {
    /// Every kind, strongest first.
    pub const ALL: [MatchKind; 5] = [
        MatchKind::Wildcard,
        MatchKind::Direct,
        MatchKind::RoleOfSession,
        MatchKind::FederatingUser,
        MatchKind::Account,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            MatchKind::Wildcard => "the wildcard principal \"*\"",
            MatchKind::Direct => "the caller itself",
            MatchKind::RoleOfSession => "the caller's role",
            MatchKind::FederatingUser => "the IAM user who federated the caller",
            MatchKind::Account => "the caller's account",
        }
    }
}

/// The strongest way any entry names the caller, and which entry it was.
pub fn principal_match(entries: &[PrincipalEntry], p: &Principal) -> Option<(MatchKind, usize)> {
    let mut best: Option<(MatchKind, usize)> = None;
    for (i, e) in entries.iter().enumerate() {
        if let Some(kind) = entry_match(e, p) {
            if best.is_none_or(|(b, _)| kind < b) {
                best = Some((kind, i));
            }
        }
    }
    best
}

fn entry_match(e: &PrincipalEntry, p: &Principal) -> Option<MatchKind> {
    let v = e.value.as_str();
    match e.key {
        PrincipalKey::Star => Some(MatchKind::Wildcard),
        PrincipalKey::Aws if v == "*" => Some(MatchKind::Wildcard),
        PrincipalKey::Aws => aws_entry_match(v, p),
        PrincipalKey::Service => {
            (p.kind == PrincipalKind::Service && p.service.as_deref() == Some(v)).then_some(MatchKind::Direct)
        }
        PrincipalKey::Federated => (matches!(p.kind, PrincipalKind::WebIdentity | PrincipalKind::Saml)
            && p.provider.as_deref() == Some(v))
        .then_some(MatchKind::Direct),
        // The model has no canonical user id for callers; such entries name no one we can simulate.
        PrincipalKey::CanonicalUser => None,
    }
}

fn aws_entry_match(v: &str, p: &Principal) -> Option<MatchKind> {
    let own_arn = p.arn.as_deref();
    match p.kind {
        PrincipalKind::User => {
            if own_arn == Some(v) || p.unique_id.as_deref() == Some(v) {
                return Some(MatchKind::Direct);
            }
        }
        PrincipalKind::RoleSession => {
            if own_arn == Some(v) {
                return Some(MatchKind::Direct);
            }
            if p.role_arn.as_deref() == Some(v) || p.role_unique_id.as_deref() == Some(v) {
                return Some(MatchKind::RoleOfSession);
            }
        }
        PrincipalKind::FederatedUser => {
            if own_arn == Some(v) {
                return Some(MatchKind::Direct);
            }
            if p.user_arn.as_deref() == Some(v) {
                return Some(MatchKind::FederatingUser);
            }
        }
        PrincipalKind::Root => {}
        _ => return None,
    }
    names_account(v, p).then_some(MatchKind::Account)
}

/// True when `v` is the caller's account: a bare 12-digit id, or `arn:<partition>:iam::<id>:root` of the
/// caller's partition (delegation never crosses partitions).
fn names_account(v: &str, p: &Principal) -> bool {
    let Some(account) = p.account.as_deref() else { return false };
    if v == account {
        return true;
    }
    let Some(rest) = v.strip_prefix("arn:") else { return false };
    let Some((partition, rest)) = rest.split_once(':') else { return false };
    partition == p.partition && rest.strip_prefix("iam::").and_then(|r| r.strip_suffix(":root")) == Some(account)
}

/// Whether a NotPrincipal list *covers* the caller (the statement then does not apply to it).
pub fn not_principal_covers(entries: &[PrincipalEntry], p: &Principal, mode: NotPrincipalMode) -> bool {
    let listed = |pred: &dyn Fn(&PrincipalEntry) -> bool| entries.iter().any(pred);
    if listed(&|e| e.key == PrincipalKey::Star || (e.key == PrincipalKey::Aws && e.value == "*")) {
        return true;
    }
    let aws =
        |want: Option<&str>| want.is_some_and(|w| entries.iter().any(|e| e.key == PrincipalKey::Aws && e.value == w));
    let account_listed = entries.iter().any(|e| e.key == PrincipalKey::Aws && names_account(&e.value, p));
    let strict = mode == NotPrincipalMode::Strict;
    match p.kind {
        PrincipalKind::User => {
            let user = aws(p.arn.as_deref()) || aws(p.unique_id.as_deref());
            user && (account_listed || !strict)
        }
        PrincipalKind::RoleSession => {
            let session = aws(p.arn.as_deref());
            let role = aws(p.role_arn.as_deref()) || aws(p.role_unique_id.as_deref());
            session && (!strict || (role && account_listed))
        }
        PrincipalKind::FederatedUser => aws(p.arn.as_deref()) && (account_listed || !strict),
        PrincipalKind::Root => account_listed,
        PrincipalKind::Service => {
            entries.iter().any(|e| e.key == PrincipalKey::Service && p.service.as_deref() == Some(e.value.as_str()))
        }
        PrincipalKind::WebIdentity | PrincipalKind::Saml => {
            entries.iter().any(|e| e.key == PrincipalKey::Federated && p.provider.as_deref() == Some(e.value.as_str()))
        }
        PrincipalKind::Anonymous => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn aws(v: &str) -> PrincipalEntry {
        PrincipalEntry { key: PrincipalKey::Aws, value: v.into(), span: Span::default() }
    }

    fn user() -> Principal {
        let mut p = Principal::new(PrincipalKind::User);
        p.arn = Some("arn:aws:iam::111122223333:user/Bob".into());
        p.account = Some("111122223333".into());
        p
    }

    fn session() -> Principal {
        let mut p = Principal::new(PrincipalKind::RoleSession);
        p.arn = Some("arn:aws:sts::111122223333:assumed-role/app/s1".into());
        p.role_arn = Some("arn:aws:iam::111122223333:role/team/app".into());
        p.account = Some("111122223333".into());
        p
    }

    #[test]
    fn strongest_match_wins_over_entry_order() {
        let entries = [
            aws("111122223333"),
            aws("arn:aws:iam::111122223333:role/team/app"),
            aws("arn:aws:sts::111122223333:assumed-role/app/s1"),
        ];
        assert_eq!(principal_match(&entries, &session()), Some((MatchKind::Direct, 2)));
        assert_eq!(principal_match(&entries[..2], &session()), Some((MatchKind::RoleOfSession, 1)));
        assert_eq!(principal_match(&entries[..1], &session()), Some((MatchKind::Account, 0)));
    }

    #[test]
    fn user_name_is_case_sensitive_and_other_partitions_never_match() {
        assert_eq!(principal_match(&[aws("arn:aws:iam::111122223333:user/bob")], &user()), None);
        assert_eq!(principal_match(&[aws("arn:aws-cn:iam::111122223333:root")], &user()), None);
        assert_eq!(principal_match(&[aws("arn:aws:iam::111122223333:root")], &user()), Some((MatchKind::Account, 0)));
    }

    #[test]
    fn anonymous_matches_only_the_wildcard() {
        let anon = Principal::new(PrincipalKind::Anonymous);
        assert_eq!(principal_match(&[aws("111122223333")], &anon), None);
        assert_eq!(principal_match(&[aws("*")], &anon), Some((MatchKind::Wildcard, 0)));
    }

    #[test]
    fn not_principal_strict_needs_the_account_too() {
        let only_user = [aws("arn:aws:iam::111122223333:user/Bob")];
        let both = [aws("arn:aws:iam::111122223333:user/Bob"), aws("arn:aws:iam::111122223333:root")];
        assert!(!not_principal_covers(&only_user, &user(), NotPrincipalMode::Strict));
        assert!(not_principal_covers(&only_user, &user(), NotPrincipalMode::Lenient));
        assert!(not_principal_covers(&both, &user(), NotPrincipalMode::Strict));
        // The account alone never covers a more specific principal.
        assert!(!not_principal_covers(&both[1..], &user(), NotPrincipalMode::Lenient));
    }

    #[test]
    fn not_principal_strict_session_needs_session_role_and_account() {
        let s = session();
        let all = [
            aws("arn:aws:sts::111122223333:assumed-role/app/s1"),
            aws("arn:aws:iam::111122223333:role/team/app"),
            aws("111122223333"),
        ];
        assert!(not_principal_covers(&all, &s, NotPrincipalMode::Strict));
        assert!(!not_principal_covers(&all[..2], &s, NotPrincipalMode::Strict));
        assert!(not_principal_covers(&all[..1], &s, NotPrincipalMode::Lenient));
    }
}
