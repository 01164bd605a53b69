//! The project's curated action lists against the embedded data. Public lists contain typos; every name
//! is checked, and known exceptions are listed here explicitly rather than dropped silently.
//!
//! - tests/service_data/privilege-escalation.json: a copy of shared/data/privilege-escalation.json.
//! - src/service/data/retired-actions.txt: the embedded copy of shared/data/retired-actions.json.

// A test crate: clippy.toml's test allowances cover only #[test] bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::service::{action_exists, expand_action, is_retired_action};

#[test]
fn every_privilege_escalation_action_exists() {
    let text = include_str!("service_data/privilege-escalation.json");
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    let combinations = json["combinations"].as_array().unwrap();
    assert_eq!(combinations.len(), 91);
    let mut names: Vec<&str> =
        combinations.iter().flat_map(|c| c["actions"].as_array().unwrap()).map(|a| a.as_str().unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 112);
    let missing: Vec<&str> = names.iter().copied().filter(|a| expand_action(a).is_empty()).collect();
    // None missing in the pinned snapshot: no typos in this list.
    assert_eq!(missing, Vec::<&str>::new());
}

/// Entries of the retired list that the pinned snapshot still lists. The list says they are gone; the
/// data (2026-09-26) still has them, so iamsim treats them as current and never warns "retired" for them.
/// Whole services: codestar (22 actions), evidently (38), iotevents (39); and one securityagent action.
const RETIRED_BUT_LISTED: [(&str, usize); 4] =
    [("codestar", 22), ("evidently", 38), ("iotevents", 39), ("securityagent", 1)];

#[test]
fn retired_actions_are_absent_from_the_data_except_the_known_ones() {
    let list: Vec<&str> = include_str!("../src/service/data/retired-actions.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(list.len(), 432);
    let still_listed: Vec<&str> = list.iter().copied().filter(|a| action_exists(a)).collect();
    for (prefix, n) in RETIRED_BUT_LISTED {
        let of_service = still_listed.iter().filter(|a| a.split(':').next() == Some(prefix)).count();
        assert_eq!(of_service, n, "{prefix}");
    }
    assert_eq!(still_listed.len(), RETIRED_BUT_LISTED.iter().map(|(_, n)| n).sum::<usize>());
    assert!(still_listed.contains(&"securityagent:batchdeletethreats"));
    for a in &list {
        assert_eq!(is_retired_action(a), !still_listed.contains(a), "{a}");
    }
}
