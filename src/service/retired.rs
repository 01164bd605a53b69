//! Retired actions: names that older snapshots of the Service Authorization Reference listed and the
//! current one does not (the project's curated list, `data/retired-actions.txt`). A policy naming one gets
//! a warning rather than an unknown-action warning: it was valid once and may still sit in old policies.

use std::sync::OnceLock;

use super::lookup::{cmp_ci, find_action};
use super::{data, pattern::Glob};

static RETIRED: &str = include_str!("data/retired-actions.txt");

/// The list, lowercase and sorted (comment lines skipped), split once: every unknown action in a policy
/// asks whether it is retired.
fn retired() -> impl Iterator<Item = &'static str> {
    list().iter().copied()
}

fn list() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    // The file is sorted (it says so, and a test checks it): no sort here, which would put a sort
    // routine for `&str` into the .wasm (a few KiB of code to compile at every start) for a no-op.
    LIST.get_or_init(|| RETIRED.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect())
}

/// True when the action (exact, any case) is on the retired list and not in the current data (an entry
/// the data still lists is current, whatever the list says).
pub fn is_retired_action(action: &str) -> bool {
    list().binary_search_by(|r| cmp_ci(r, action)).is_ok() && find_action(data(), action).is_none()
}

/// Retired actions a pattern matches (lowercase), for patterns that match nothing current.
pub(crate) fn retired_matching(pattern: &str) -> Vec<&'static str> {
    let glob = Glob::action(pattern);
    retired().filter(|r| glob.matches(r) && find_action(data(), r).is_none()).collect()
}

/// True when some retired action belongs to this service prefix (a retired service is not "unknown").
pub(crate) fn is_retired_service(prefix: &str) -> bool {
    retired().any(|r| r.split_once(':').is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_retired_actions() {
        assert!(is_retired_action("DeepLens:AssociateServiceRoleToAccount"));
        assert!(is_retired_action("account:GetChallengeQuestions"));
        assert!(!is_retired_action("s3:GetObject"));
        // Listed as retired, but the pinned snapshot still has it: current.
        assert!(!is_retired_action("codestar:CreateProject"));
        assert!(is_retired_service("deeplens"));
        assert!(!is_retired_service("nosuch"));
        assert_eq!(
            retired_matching("account:*Challenge*"),
            vec!["account:getchallengequestions", "account:putchallengequestions"]
        );
        // The file is sorted as the binary search needs (nothing sorts it at run time).
        assert!(list().windows(2).all(|w| cmp_ci(w[0], w[1]).is_le()));
        assert!(list().len() > 400);
        // The binary search finds every entry, in any case.
        for r in retired() {
            assert_eq!(is_retired_action(&r.to_ascii_uppercase()), find_action(data(), r).is_none(), "{r}");
        }
    }
}
