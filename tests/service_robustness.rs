//! The service lookups and checks on arbitrary text never panic, and agree with each other: every name an
//! expansion returns describes itself, and a described action expands to itself.

#![cfg(not(target_arch = "wasm32"))]
// A test crate: clippy.toml's test allowances cover only #[test] bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::parse::parse_scenario;
use iamsim::service::{
    check_scenario, condition_key_type, condition_keys_for_action, describe_action, did_you_mean, expand_action,
    resource_type_for,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn lookups_take_any_text(text in "\\PC{0,40}", arn in "(arn:aws:[a-z0-9]{0,6}:[a-z0-9-]{0,9}:[0-9]{0,12}:)?\\PC{0,30}") {
        let _ = describe_action(&text);
        let _ = condition_key_type(&text);
        let _ = condition_keys_for_action(&text);
        let _ = did_you_mean(&text);
        let _ = resource_type_for(&text, &arn);
        let _ = resource_type_for("s3:GetObject", &arn);
    }

    #[test]
    fn expansions_describe_themselves(prefix in "(s3|iam|ec2|sqs|kms|lambda|sts|\\*)", name in "[A-Za-z?*]{0,6}") {
        let pattern = format!("{prefix}:{name}");
        for action in expand_action(&pattern).iter().take(50) {
            let info = describe_action(action).unwrap();
            prop_assert_eq!(&info.name, action);
            prop_assert_eq!(expand_action(action), vec![action.clone()]);
        }
    }

    #[test]
    fn checks_take_any_action_resource_and_context(
        action in "\\PC{0,30}", resource in "\\PC{0,40}", key in "[A-Za-z:/${}<>-]{1,24}", value in "\\PC{0,12}",
    ) {
        let scenario = serde_json::json!({
            "request": { "principal": "arn:aws:iam::111122223333:user/a", "action": action, "resource": resource,
                         "context": { key: value } },
            "policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": [action, format!("{action}*")], "Resource": "*" } ] }] }
        });
        if let Some(s) = parse_scenario(&scenario.to_string()).value {
            for d in check_scenario(&s) {
                prop_assert!(!d.is_error());
            }
        }
    }
}
