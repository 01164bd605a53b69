//! Facts about AWS Organizations policies and STS that decide whether a gate applies at all: the services
//! RCPs cover, the actions policies cannot control, and the actions whose resource policy is mandatory.

use crate::matching::Arn;

/// The service prefix of an action, lowercased input expected (`s3:getobject` -> `s3`).
pub fn service_of(action_lower: &str) -> &str {
    action_lower.split_once(':').map_or(action_lower, |(s, _)| s)
}

/// Whether RCPs cover the action's service: the list (spec/evaluation.md §2.7) is data, shipped with the
/// embedded service data.
pub fn rcp_covers_service(action_lower: &str) -> bool {
    crate::service::rcp_services().binary_search(&service_of(action_lower)).is_ok()
}

/// Operations no policy can control (spec §2.2 step 0).
pub fn is_uncontrollable(action_lower: &str) -> bool {
    matches!(action_lower, "sts:getcalleridentity" | "sts:getsessiontoken")
}

/// The trust-policy actions: a role's trust policy must allow them even within one account.
pub fn is_trust_action(action_lower: &str) -> bool {
    matches!(
        action_lower,
        "sts:assumerole"
            | "sts:assumerolewithsaml"
            | "sts:assumerolewithwebidentity"
            | "sts:tagsession"
            | "sts:setsourceidentity"
            | "sts:setcontext"
    )
}

/// Which mandatory resource policy, if any, governs this request (spec §2.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequiredPolicy {
    RoleTrust,
    KmsKey,
}

pub fn required_resource_policy(action_lower: &str, resource: &str) -> Option<RequiredPolicy> {
    let arn = Arn::parse(resource)?;
    if is_trust_action(action_lower) && arn.service == "iam" && arn.resource.starts_with("role/") {
        return Some(RequiredPolicy::RoleTrust);
    }
    if service_of(action_lower) == "kms" && arn.service == "kms" && arn.resource.starts_with("key/") {
        return Some(RequiredPolicy::KmsKey);
    }
    None
}

/// AWS-managed KMS keys are addressed through `alias/aws/...`; RCPs do not apply to them.
pub fn is_aws_managed_kms_alias(resource: &str) -> bool {
    Arn::parse(resource).is_some_and(|a| a.service == "kms" && a.resource.starts_with("alias/aws/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_and_key_policies_are_required_only_for_their_resources() {
        assert_eq!(
            required_resource_policy("sts:assumerole", "arn:aws:iam::111122223333:role/x"),
            Some(RequiredPolicy::RoleTrust)
        );
        assert_eq!(required_resource_policy("sts:assumerole", "*"), None);
        assert_eq!(
            required_resource_policy("kms:decrypt", "arn:aws:kms:us-east-1:111122223333:key/abc"),
            Some(RequiredPolicy::KmsKey)
        );
        assert_eq!(required_resource_policy("kms:createalias", "arn:aws:kms:us-east-1:111122223333:alias/x"), None);
        assert_eq!(required_resource_policy("s3:getobject", "arn:aws:s3:::b/k"), None);
    }

    #[test]
    fn rcp_services_cover_s3_and_not_ec2() {
        assert!(rcp_covers_service("s3:getobject"));
        assert!(!rcp_covers_service("ec2:terminateinstances"));
    }
}
