//! `check_scenario`: the service-data warnings about a scenario, with their codes, sources and ranges.
//! Scenarios are parsed from text, so ranges are those of the text (1-based lines, UTF-16 columns; a
//! pattern's range covers its string token, quotes included).

// A test crate: clippy.toml's test allowances cover only #[test] bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::model::{Diagnostic, Severity};
use iamsim::parse::scenario::parse_scenario;
use iamsim::service::check_scenario;
use serde_json::{Value, json};

fn check(text: &str) -> Vec<Value> {
    let parsed = parse_scenario(text);
    assert!(parsed.diagnostics.iter().all(|d| !d.is_error()), "{:?}", parsed.diagnostics);
    let diags: Vec<Diagnostic> = check_scenario(&parsed.value.unwrap());
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
    diags.iter().map(|d| serde_json::to_value(d).unwrap()).collect()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "column": start }, "end": { "line": line, "column": end } })
}

#[test]
fn a_clean_scenario_has_no_warnings() {
    let diags = check(
        r#"{
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice",
    "action": "s3:GetObject",
    "resource": "arn:aws:s3:::bucket/key.txt",
    "context": { "aws:SourceIp": "203.0.113.9", "aws:MultiFactorAuthPresent": true, "s3:ExistingObjectTag/team": "a",
                 "aws:ResourceTag/team": "a", "aws:PrincipalTag/team": "a", "aws:CurrentTime": "2024-05-01T00:00:00Z" }
  },
  "policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": ["s3:Get*", "s3:ListBucket", "*"], "Resource": "*" },
    { "Effect": "Deny", "NotAction": "iam:*", "Resource": "*" }
  ] }] }
}"#,
    );
    assert_eq!(diags, Vec::<Value>::new());
}

#[test]
fn unknown_services_and_actions_in_policies_point_at_the_pattern() {
    let diags = check(
        r#"{
  "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject" },
  "policies": {
    "identity": [{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Resource": "*", "Action": [
      "s3:GetObjects",
      "s4:GetObject",
      "s3:Nothing*",
      "account:GetChallengeQuestions"
    ] }] }],
    "scp": [[{ "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Resource": "*", "NotAction": "ec2:DescribeInstancez" }] }]]
  }
}"#,
    );
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    // SCPs first: AWS's evaluation order.
    assert_eq!(codes, ["UNKNOWN_ACTION", "UNKNOWN_ACTION", "UNKNOWN_SERVICE", "UNKNOWN_ACTION", "RETIRED_ACTION"]);
    assert_eq!(diags[0]["source"], "policies.scp[0][0]");
    assert_eq!(
        diags[0]["message"],
        "Unknown action 'ec2:DescribeInstancez' for Amazon EC2; did you mean 'ec2:DescribeInstances'?"
    );
    assert_eq!(diags[0]["range"], range(10, 105, 128));
    assert_eq!(diags[1]["source"], "policies.identity[0]");
    assert_eq!(diags[1]["message"], "Unknown action 's3:GetObjects' for Amazon S3; did you mean 's3:GetObject'?");
    assert_eq!(diags[1]["range"], range(5, 7, 22));
    assert_eq!(diags[2]["message"], "Unknown service prefix 's4' in 's4:GetObject'; did you mean 's3'?");
    assert_eq!(diags[2]["range"], range(6, 7, 21));
    assert_eq!(diags[3]["message"], "'s3:Nothing*' matches no action of Amazon S3 (s3)");
    assert_eq!(diags[3]["range"], range(7, 7, 20));
    assert!(diags[4]["message"].as_str().unwrap().starts_with("'account:GetChallengeQuestions' is a retired action"));
    assert_eq!(diags[4]["range"], range(8, 7, 38));
}

#[test]
fn request_side_warnings_name_their_input_and_carry_no_range() {
    let diags = check(
        r#"{
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice",
    "action": "s3:GetObject",
    "resource": "arn:aws:s3:::bucket",
    "context": { "aws:SourceIp": "not-an-ip", "ec2:InstanceType": "t2.micro", "aws:NoSuch": "x",
                 "aws:RequestedRegion": ["us-east-1", "eu-west-1"], "s3:max-keys": "ten" }
  }
}"#,
    );
    let expected = [
        (
            "RESOURCE_TYPE_MISMATCH",
            "request.resource",
            "'arn:aws:s3:::bucket' matches no resource type of s3:GetObject; expected accesspointobject (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}), object (arn:${Partition}:s3:::${BucketName}/${ObjectName})",
        ),
        ("CONTEXT_KEY_UNKNOWN", "request.context", "'aws:NoSuch' is not a condition key AWS documents"),
        (
            "CONTEXT_VALUE_TYPE",
            "request.context",
            "'aws:RequestedRegion' is of type String: it is single-valued, but a list was given (operators without ForAnyValue/ForAllValues then never match)",
        ),
        (
            "CONTEXT_VALUE_TYPE",
            "request.context",
            "'aws:SourceIp' is of type IPAddress: 'not-an-ip' is not an IP address",
        ),
        (
            "CONTEXT_KEY_NOT_APPLICABLE",
            "request.context",
            "'ec2:InstanceType' does not apply to s3:GetObject: it is not a global key, and the Service Authorization Reference lists it neither for the action nor for its resource types",
        ),
        (
            "CONTEXT_KEY_NOT_APPLICABLE",
            "request.context",
            "'s3:max-keys' does not apply to s3:GetObject: it is not a global key, and the Service Authorization Reference lists it neither for the action nor for its resource types",
        ),
        ("CONTEXT_VALUE_TYPE", "request.context", "'s3:max-keys' is of type Numeric: 'ten' is not a number"),
    ];
    let got: Vec<(&str, &str, &str)> = diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["source"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(got, expected);
    assert!(diags.iter().all(|d| d.get("range").is_none()));
}

#[test]
fn request_actions_and_resources() {
    let unknown = check(
        r#"{ "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "iam:PassRoles",
            "resource": "arn:aws:iam::111122223333:role/x", "context": { "iam:PassedToService": "ec2.amazonaws.com" } } }"#,
    );
    // Unknown action: its resource and context keys cannot be judged, and are not.
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["code"], "UNKNOWN_ACTION");
    assert_eq!(unknown[0]["source"], "request.action");
    assert_eq!(
        unknown[0]["message"],
        "Unknown action 'iam:PassRoles' for AWS Identity and Access Management (IAM); did you mean 'iam:PassRole'?"
    );

    let star_only = check(
        r#"{ "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:ListAllMyBuckets",
            "resource": "arn:aws:s3:::bucket" } }"#,
    );
    assert_eq!(star_only.len(), 1);
    assert_eq!(star_only[0]["code"], "RESOURCE_NOT_SUPPORTED");
    assert_eq!(star_only[0]["source"], "request.resource");

    let fine = check(
        r#"{ "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "iam:PassRole",
            "resource": "arn:aws:iam::111122223333:role/x", "context": { "iam:PassedToService": "ec2.amazonaws.com" } } }"#,
    );
    assert_eq!(fine, Vec::<Value>::new());
    // Resource "*" (the default) is never judged.
    let star =
        check(r#"{ "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject" } }"#);
    assert_eq!(star, Vec::<Value>::new());
}

/// What the checks add to a simulation: `cargo test --release --test service_check -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn check_cost() {
    let parsed = parse_scenario(
        r#"{
  "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
    "resource": "arn:aws:s3:::bucket/key", "context": { "aws:SourceIp": "203.0.113.9", "aws:PrincipalTag/team": "a" } },
  "policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*", "ec2:Describe*", "iam:PassRole"], "Resource": "*" },
    { "Effect": "Deny", "NotAction": ["iam:*", "sts:AssumeRole"], "Resource": "*" } ] }] }
}"#,
    );
    let scenario = parsed.value.unwrap();
    assert!(check_scenario(&scenario).is_empty());
    let n = 20_000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(check_scenario(std::hint::black_box(&scenario)));
    }
    println!("check_scenario: {:.1} µs per call", start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
}
