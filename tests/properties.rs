//! Property tests of the decision flow: invariants that must hold for any policies and request.
//! - adding a Deny statement never turns a denied request into an allowed one;
//! - the order of statements (and of identity policies) never changes the decision;
//! - the letter case of condition-key names (in policies and in the context) never changes the decision.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] =
    &["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances", "iam:CreateUser", "sqs:SendMessage"];
const ACTION_PATTERNS: &[&str] =
    &["s3:*", "s3:Get*", "s3:?etObject", "*", "ec2:*", "iam:Create*", "sqs:SendMessage", "s3:PutObject"];
const RESOURCES: &[&str] =
    &["arn:aws:s3:::bucket/key.txt", "arn:aws:s3:::bucket", "*", "arn:aws:sqs:us-east-1:111122223333:queue"];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::*",
    "arn:aws:sqs:*:111122223333:*",
    "arn:aws:s3:::${aws:username}/*",
];
const KEYS: &[&str] =
    &["aws:RequestedRegion", "aws:PrincipalTag/team", "aws:SourceIp", "aws:MultiFactorAuthPresent", "s3:prefix"];

fn clause() -> impl Strategy<Value = (String, String, Value)> {
    prop_oneof![
        Just(("StringEquals".to_string(), "aws:RequestedRegion".to_string(), json!("us-east-1"))),
        Just(("StringNotEquals".to_string(), "aws:RequestedRegion".to_string(), json!(["eu-west-1", "us-east-1"]))),
        Just(("StringLike".to_string(), "aws:PrincipalTag/team".to_string(), json!("r*"))),
        Just(("IpAddress".to_string(), "aws:SourceIp".to_string(), json!("192.0.2.0/24"))),
        Just(("NotIpAddress".to_string(), "aws:SourceIp".to_string(), json!(["203.0.113.0/24"]))),
        Just(("BoolIfExists".to_string(), "aws:MultiFactorAuthPresent".to_string(), json!("true"))),
        Just(("Null".to_string(), "s3:prefix".to_string(), json!("true"))),
        Just(("ForAnyValue:StringEquals".to_string(), "aws:PrincipalTag/team".to_string(), json!(["red", "blue"]))),
    ]
}

fn statement() -> impl Strategy<Value = Value> {
    (
        prop::bool::ANY,
        prop::sample::subsequence(ACTION_PATTERNS, 1..3),
        prop::bool::weighted(0.2),
        prop::sample::subsequence(RESOURCE_PATTERNS, 1..3),
        prop::collection::vec(clause(), 0..3),
    )
        .prop_map(|(allow, actions, not_action, resources, clauses)| {
            let mut s = json!({ "Effect": if allow { "Allow" } else { "Deny" } });
            s[if not_action { "NotAction" } else { "Action" }] = json!(actions);
            s["Resource"] = json!(resources);
            if !clauses.is_empty() {
                let mut cond = serde_json::Map::new();
                for (op, key, value) in clauses {
                    let entry = cond.entry(op).or_insert_with(|| json!({}));
                    entry[key] = value;
                }
                s["Condition"] = Value::Object(cond);
            }
            s
        })
}

fn policy(statements: Vec<Value>) -> Value {
    json!({ "Version": "2012-10-17", "Statement": statements })
}

fn context() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-south-1"])),
        prop::option::of(prop::sample::select(vec!["red", "blue", "green"])),
        prop::option::of(prop::sample::select(vec!["192.0.2.7", "203.0.113.9", "198.51.100.1"])),
        prop::option::of(prop::sample::select(vec!["true", "false"])),
        prop::option::of(prop::sample::select(vec!["home/", ""])),
    )
        .prop_map(|(region, team, ip, mfa, prefix)| {
            let mut c = serde_json::Map::new();
            for (k, v) in KEYS.iter().zip([region, team, ip, mfa, prefix]) {
                if let Some(v) = v {
                    c.insert((*k).to_string(), json!(v));
                }
            }
            Value::Object(c)
        })
}

fn scenario() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::collection::vec(statement(), 1..5), 1..4),
        prop::option::of(prop::collection::vec(statement(), 1..3)),
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        context(),
    )
        .prop_map(|(identity, boundary, action, resource, ctx)| {
            let mut policies = json!({ "identity": identity.into_iter().map(policy).collect::<Vec<_>>() });
            if let Some(b) = boundary {
                policies["permissionsBoundary"] = policy(b);
            }
            json!({
                "request": {
                    "principal": "arn:aws:iam::111122223333:user/alice",
                    "action": action,
                    "resource": resource,
                    "resourceAccount": "111122223333",
                    "context": ctx
                },
                "policies": policies
            })
        })
}

fn decide(scenario: &Value) -> String {
    let out: Value = serde_json::from_str(&iamsim::api::simulate_json(&scenario.to_string())).unwrap();
    assert_eq!(out["ok"], Value::Bool(true), "generated scenario rejected: {}\n{}", out["diagnostics"], scenario);
    out["decision"].as_str().unwrap().to_string()
}

/// Flips the letter case of condition-key names, keeping the service prefix's meaning.
fn recase(key: &str, mask: u64) -> String {
    key.chars()
        .enumerate()
        .map(|(i, c)| if mask >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn adding_a_deny_never_allows(s in scenario(), extra in statement(), which in 0usize..3) {
        let before = decide(&s);
        let mut more = s.clone();
        let mut deny = extra;
        deny["Effect"] = json!("Deny");
        let policies = more["policies"]["identity"].as_array_mut().unwrap();
        let n = policies.len();
        policies[which % n]["Statement"].as_array_mut().unwrap().push(deny);
        let after = decide(&more);
        if before != "allowed" {
            prop_assert_ne!(&after, "allowed");
        }
        if before == "explicitDeny" {
            prop_assert_eq!(&after, "explicitDeny");
        }
    }

    #[test]
    fn statement_and_policy_order_never_matter(s in scenario(), seed in any::<u64>()) {
        let before = decide(&s);
        let mut shuffled = s.clone();
        let policies = shuffled["policies"]["identity"].as_array_mut().unwrap();
        policies.reverse();
        for (i, p) in policies.iter_mut().enumerate() {
            let st = p["Statement"].as_array_mut().unwrap();
            let k = st.len();
            st.rotate_left(((seed >> (i * 8)) as usize) % k);
            if seed & (1 << i) != 0 { st.reverse(); }
        }
        prop_assert_eq!(before, decide(&shuffled));
    }

    #[test]
    fn condition_key_case_never_matters(s in scenario(), mask in any::<u64>()) {
        let before = decide(&s);
        let mut recased = s.clone();
        for p in recased["policies"]["identity"].as_array_mut().unwrap() {
            for st in p["Statement"].as_array_mut().unwrap() {
                if let Some(Value::Object(cond)) = st.get_mut("Condition") {
                    for (_, keys) in cond.iter_mut() {
                        let Value::Object(map) = keys else { continue };
                        let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                        for (k, v) in entries { map.insert(recase(&k, mask), v); }
                    }
                }
            }
        }
        let ctx = recased["request"]["context"].as_object_mut().unwrap();
        let entries: Vec<(String, Value)> = std::mem::take(ctx).into_iter().collect();
        for (k, v) in entries { ctx.insert(recase(&k, mask.rotate_left(7)), v); }
        prop_assert_eq!(before, decide(&recased));
    }
}
