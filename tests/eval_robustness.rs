//! No panic anywhere past the parser either: random condition blocks (every operator, qualifier and
//! IfExists form) with hostile values — huge numbers and years, odd dates, malformed IPs and base64, long
//! wildcard runs, policy variables — against hostile request contexts, through simulate and explain. Runs in
//! the test profile, so an arithmetic overflow is a panic here too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::model::BaseOperator;
use proptest::prelude::*;
use serde_json::{Value, json};

fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("99999999999999999999999999999999999999.5".to_string()),
        Just("-0.0000000000000000000000000000001".to_string()),
        Just("999999999-12-31T23:59:59Z".to_string()),
        Just("2020-02-30T25:61:61+99:99".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-9223372036854775809".to_string()),
        Just("1e308".to_string()),
        Just("::ffff:999.1.1.1/200".to_string()),
        Just("2001:db8::/129".to_string()),
        Just("10.0.0.0/-1".to_string()),
        Just("====".to_string()),
        Just("arn:aws:s3:::*:*:*:*:*".to_string()),
        Just("${aws:username}${".to_string()),
        Just("${aws:PrincipalTag/team, 'x'}*?${*}${?}${$}".to_string()),
        Just("*".repeat(300)),
        Just("?*".repeat(200)),
        Just(String::new()),
        "[ -~]{0,40}",
        "\\PC{0,20}",
    ]
}

fn clause() -> impl Strategy<Value = (String, String, Vec<String>)> {
    (
        prop::sample::select(BaseOperator::ALL.map(BaseOperator::name).to_vec()),
        prop::sample::select(vec!["", "ForAllValues:", "ForAnyValue:"]),
        prop::bool::ANY,
        prop::sample::select(vec![
            "aws:SourceIp",
            "aws:CurrentTime",
            "aws:username",
            "aws:TagKeys",
            "aws:PrincipalArn",
            "s3:max-keys",
        ]),
        prop::collection::vec(hostile_value(), 0..4),
    )
        .prop_map(|(base, q, if_exists, key, values)| {
            let op = if base == "Null" {
                format!("{q}{base}")
            } else {
                format!("{q}{base}{}", if if_exists { "IfExists" } else { "" })
            };
            (op, key.to_string(), values)
        })
}

fn scenario() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(clause(), 1..5),
        prop::collection::vec((prop::sample::select(vec!["aws:SourceIp", "aws:CurrentTime", "aws:TagKeys", "s3:max-keys", "aws:PrincipalTag/team"]), hostile_value(), prop::bool::ANY), 0..5),
        hostile_value(),
    )
        .prop_map(|(clauses, ctx, resource_tail)| {
            let mut cond = serde_json::Map::new();
            for (op, key, values) in clauses {
                let entry = cond.entry(op).or_insert_with(|| json!({}));
                entry[key] = json!(values);
            }
            let mut context = serde_json::Map::new();
            for (k, v, list) in ctx {
                context.insert(k.to_string(), if list { json!([v, v]) } else { json!(v) });
            }
            json!({
                "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
                             "resource": format!("arn:aws:s3:::b/{resource_tail}"), "context": context },
                "policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Action": "s3:*", "Resource": format!("arn:aws:s3:::b/{resource_tail}*"), "Condition": cond },
                    { "Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::${aws:username}/*", "Condition": { "ForAnyValue:StringLike": { "aws:TagKeys": "*" } } }
                ] }] }
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn hostile_conditions_never_panic(s in scenario()) {
        let text = s.to_string();
        for out in [iamsim::api::simulate_json(&text), iamsim::api::explain_json(&text)] {
            let v: Value = serde_json::from_str(&out).unwrap();
            prop_assert!(v["ok"].is_boolean());
            if v["ok"] == true {
                prop_assert!(["allowed", "explicitDeny", "implicitDeny"].contains(&v["decision"].as_str().unwrap()));
            }
        }
    }
}
