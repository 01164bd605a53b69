//! Pair- and block-level tests: the spec's tables (§2.3 missing keys, §2.6 lists, §2.7 empty arrays and
//! unparseable values, §6 classic examples), reason codes, conventions, missing keys, details, sentences.

use super::*;
use crate::model::{ContextValue, Operator};
use crate::source::Span;

fn clause(op: &str, key: &str, values: &[&str]) -> ConditionClause {
    ConditionClause {
        operator: Operator::parse(op).unwrap(),
        operator_text: op.into(),
        operator_span: Span::default(),
        key: key.into(),
        key_lower: key.to_ascii_lowercase().into(),
        key_span: Span::default(),
        values: values
            .iter()
            .map(|t| crate::model::ConditionValue { text: (*t).into(), span: Span::default() })
            .collect(),
        span: Span::default(),
    }
}

enum V<'a> {
    S(&'a str),
    L(&'a [&'a str]),
}

fn ctx(entries: &[(&str, V<'_>)]) -> Context {
    let mut c = Context::new();
    for (k, v) in entries {
        let value = match v {
            V::S(s) => ContextValue::Scalar((*s).to_string()),
            V::L(xs) => ContextValue::List(xs.iter().map(|x| (*x).to_string()).collect()),
        };
        c.insert(k, value, false);
    }
    c
}

fn eval(op: &str, key: &str, values: &[&str], c: &Context) -> ClauseOutcome {
    let cl = clause(op, key, values);
    let fast = evaluate_clause(&cl, c, true, &mut Vec::new(), false);
    let full = evaluate_clause(&cl, c, true, &mut Vec::new(), true);
    // The hot path and the explain path must agree on everything but the detail.
    assert_eq!((fast.result, fast.reason, fast.convention), (full.result, full.reason, full.convention), "{op} {key}");
    full
}

fn holds(op: &str, key: &str, values: &[&str], c: &Context) -> bool {
    eval(op, key, values, c).result
}

fn sentence(op: &str, key: &str, values: &[&str], c: &Context) -> String {
    eval(op, key, values, c).detail.unwrap().sentence()
}

/// Every base operator but Null (which takes no IfExists and reads no values).
fn all_bases() -> Vec<&'static str> {
    BaseOperator::ALL.into_iter().filter(|b| *b != BaseOperator::Null).map(BaseOperator::name).collect()
}

#[test]
fn missing_key_truth_table_for_every_operator() {
    let absent = Context::new();
    let null_set = ctx(&[("k:x", V::L(&[]))]);
    for c in [&absent, &null_set] {
        let is_null_set = !c.is_empty();
        for base in all_bases() {
            let negated = BaseOperator::parse(base).unwrap().is_negated();
            let o = eval(base, "k:x", &["v"], c);
            let expected_reason = if negated { ReasonCode::KeyMissingNegated } else { ReasonCode::KeyMissingPositive };
            assert_eq!((o.result, o.reason, o.convention), (negated, expected_reason, is_null_set), "{base}");
            let o = eval(&format!("{base}IfExists"), "k:x", &["v"], c);
            assert_eq!((o.result, o.reason), (true, ReasonCode::KeyMissingIfExists), "{base}IfExists");
            for suffix in ["", "IfExists"] {
                let o = eval(&format!("ForAllValues:{base}{suffix}"), "k:x", &["v"], c);
                assert_eq!((o.result, o.reason), (true, ReasonCode::SetEmptyForAll), "ForAllValues:{base}{suffix}");
                let o = eval(&format!("ForAnyValue:{base}{suffix}"), "k:x", &["v"], c);
                assert_eq!((o.result, o.reason), (false, ReasonCode::SetEmptyForAny), "ForAnyValue:{base}{suffix}");
            }
        }
        assert!(holds("Null", "k:x", &["true"], c));
        assert!(!holds("Null", "k:x", &["false"], c));
        assert_eq!(eval("ForAllValues:Null", "k:x", &["false"], c).reason, ReasonCode::NullQualifiedConstant);
        assert!(holds("ForAllValues:Null", "k:x", &["false"], c));
        assert!(!holds("ForAnyValue:Null", "k:x", &["true"], c));
    }
}

#[test]
fn empty_string_is_an_empty_set_only_under_qualifiers() {
    let c = ctx(&[("k:x", V::S(""))]);
    assert!(holds("StringEquals", "k:x", &[""], &c));
    assert!(holds("Null", "k:x", &["false"], &c));
    let o = eval("ForAnyValue:StringEquals", "k:x", &[""], &c);
    assert_eq!((o.result, o.reason, o.convention), (false, ReasonCode::SetEmptyForAny, true));
    let o = eval("ForAllValues:StringEquals", "k:x", &["a"], &c);
    assert_eq!((o.result, o.reason, o.convention), (true, ReasonCode::SetEmptyForAll, true));
}

#[test]
fn a_list_needs_a_qualifier() {
    let one = ctx(&[("aws:CalledVia", V::L(&["athena.amazonaws.com"]))]);
    let two = ctx(&[("aws:CalledVia", V::L(&["athena.amazonaws.com", "glue.amazonaws.com"]))]);
    for c in [&one, &two] {
        for op in ["StringEquals", "StringNotEquals", "StringEqualsIfExists", "StringNotLikeIfExists"] {
            let o = eval(op, "aws:CalledVia", &["athena.amazonaws.com"], c);
            assert_eq!(
                (o.result, o.reason, o.convention),
                (false, ReasonCode::MultivalueWithoutQualifier, true),
                "{op}"
            );
        }
        assert!(holds("ForAnyValue:StringEquals", "aws:CalledVia", &["athena.amazonaws.com"], c));
    }
    // A scalar given for a multivalued key stays a scalar (a one-element set under a qualifier).
    let scalar = ctx(&[("aws:CalledVia", V::S("athena.amazonaws.com"))]);
    assert!(holds("StringEquals", "aws:CalledVia", &["athena.amazonaws.com"], &scalar));
    assert!(holds("ForAllValues:StringEquals", "aws:CalledVia", &["athena.amazonaws.com"], &scalar));
}

#[test]
fn empty_policy_arrays_follow_the_algebra() {
    let present = ctx(&[("k:x", V::S("a"))]);
    let set = ctx(&[("k:x", V::L(&["a"]))]);
    let absent = Context::new();
    let o = eval("StringEquals", "k:x", &[], &present);
    assert_eq!((o.result, o.reason, o.convention), (false, ReasonCode::EmptyPolicyValues, true));
    assert!(holds("StringNotEquals", "k:x", &[], &present));
    assert!(!holds("StringEquals", "k:x", &[], &absent));
    assert!(holds("StringNotEquals", "k:x", &[], &absent));
    assert!(!holds("ForAllValues:StringEquals", "k:x", &[], &set));
    assert!(!holds("ForAllValues:StringNotEquals", "k:x", &[], &set));
    assert!(holds("ForAllValues:StringEquals", "k:x", &[], &absent));
    assert!(!holds("ForAnyValue:StringEquals", "k:x", &[], &set));
    assert!(!holds("ForAnyValue:StringNotEquals", "k:x", &[], &set));
    assert!(holds("StringEqualsIfExists", "k:x", &[], &absent));
    assert!(!holds("StringEqualsIfExists", "k:x", &[], &present));
    assert!(!holds("ForAnyValue:StringEqualsIfExists", "k:x", &[], &absent));
    assert!(!holds("Null", "k:x", &[], &absent));
}

#[test]
fn unparseable_values_make_one_comparison_false() {
    let c = ctx(&[
        ("k:n", V::S("10")),
        ("k:d", V::S("soon")),
        ("k:ip", V::S("fe80::1%eth0")),
        ("k:t", V::S("2020-04-01T00:00:00Z")),
    ]);
    let o = eval("NumericEquals", "k:n", &["ten"], &c);
    assert_eq!((o.result, o.reason, o.convention), (false, ReasonCode::ValueParseError, true));
    let o = eval("NumericNotEquals", "k:n", &["ten"], &c);
    assert_eq!((o.result, o.reason), (true, ReasonCode::ValueParseError));
    // Another policy value still matches (OR), and then the error does not decide.
    let o = eval("NumericEquals", "k:n", &["ten", "10.0"], &c);
    assert_eq!((o.result, o.reason, o.convention), (true, ReasonCode::Match, false));
    assert!(!holds("DateGreaterThan", "k:d", &["2020-01-01"], &c));
    assert!(holds("DateNotEquals", "k:d", &["2020-01-01"], &c));
    assert!(!holds("DateGreaterThanIfExists", "k:d", &["2020-01-01"], &c));
    assert!(!holds("IpAddress", "k:ip", &["::/0"], &c));
    assert!(holds("NotIpAddress", "k:ip", &["::/0"], &c));
    assert!(!holds("Bool", "k:n", &["true"], &c));
    assert!(!holds("BinaryEquals", "k:t", &["Zg=="], &c));
    assert!(!holds("ArnLike", "k:t", &["arn:*:*:*:*:*"], &c));
    assert!(holds("ArnNotLike", "k:t", &["arn:*:*:*:*:*"], &c));
    let d = eval("DateGreaterThan", "k:t", &["next tuesday"], &c).detail.unwrap();
    assert_eq!(d.policy_values[0].parse_error.as_deref(), Some("not a date"));
    assert_eq!(
        d.sentence(),
        "k:t = 2020-04-01T00:00:00Z is not after any of [next tuesday] (policy value next tuesday is not a date)"
    );
}

#[test]
fn typed_families_compare_by_value() {
    let c = ctx(&[
        ("ec2:RoleDelivery", V::S("2")),
        ("aws:CurrentTime", V::S("2020-04-01T02:00:00+02:00")),
        ("aws:SecureTransport", V::S("TRUE")),
        ("k:bin", V::S("Zm9vYg")),
        ("aws:SourceIp", V::S("2001:DB8::5")),
    ]);
    assert!(holds("NumericEquals", "ec2:RoleDelivery", &["2.0"], &c));
    assert!(holds("NumericGreaterThanEquals", "ec2:RoleDelivery", &["1.9999999999999999999"], &c));
    assert!(holds("DateEquals", "aws:CurrentTime", &["2020-04-01T00:00:00Z"], &c));
    assert!(holds("DateEquals", "aws:CurrentTime", &["1585699200"], &c));
    assert!(holds("DateLessThan", "aws:CurrentTime", &["2020-04-01T00:00:00.001Z"], &c));
    let o = eval("Bool", "aws:SecureTransport", &["true"], &c);
    assert_eq!((o.result, o.convention), (true, true));
    assert!(holds("BinaryEquals", "k:bin", &["Zm9vYg=="], &c));
    assert!(holds("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &c));
    assert!(!holds("IpAddress", "aws:SourceIp", &["2001:db8::"], &c));
}

fn mfa(block: &[(&str, &str)], c: &Context) -> bool {
    block.iter().all(|(op, v)| holds(op, "aws:MultiFactorAuthPresent", &[v], c))
}

#[test]
fn mfa_table() {
    let long_term = Context::new();
    let no_mfa = ctx(&[("aws:MultiFactorAuthPresent", V::S("false"))]);
    let with_mfa = ctx(&[("aws:MultiFactorAuthPresent", V::S("true"))]);
    let rows: [(&str, &str, [bool; 3]); 6] = [
        ("Bool", "false", [false, true, false]),
        ("BoolIfExists", "false", [true, true, false]),
        ("BoolIfExists", "true", [true, false, true]),
        ("Bool", "true", [false, false, true]),
        ("Null", "false", [false, true, true]),
        ("Null", "true", [true, false, false]),
    ];
    for (op, v, expected) in rows {
        let got = [mfa(&[(op, v)], &long_term), mfa(&[(op, v)], &no_mfa), mfa(&[(op, v)], &with_mfa)];
        assert_eq!(got, expected, "{op} {v}");
    }
    assert!(!holds("NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"], &no_mfa));
}

#[test]
fn ip_allow_list_with_service_exception() {
    let block = [
        clause("NotIpAddress", "aws:SourceIp", &["192.0.2.0/24", "203.0.113.0/24"]),
        clause("Bool", "aws:ViaAWSService", &["false"]),
    ];
    let run = |c: &Context| evaluate_block(&block, c, true, &mut Vec::new());
    assert!(run(&ctx(&[("aws:SourceIp", V::S("198.51.100.23")), ("aws:ViaAWSService", V::S("false"))])));
    assert!(!run(&ctx(&[("aws:SourceIp", V::S("203.0.113.9")), ("aws:ViaAWSService", V::S("false"))])));
    assert!(!run(&ctx(&[("aws:SourceIp", V::S("198.51.100.23")), ("aws:ViaAWSService", V::S("true"))])));
    assert!(run(&ctx(&[("aws:SourceVpce", V::S("vpce-1a2b3c4d")), ("aws:ViaAWSService", V::S("false"))])));
}

#[test]
fn region_restriction() {
    let eu = ["eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3"];
    let region =
        |r: &str| holds("StringNotEquals", "aws:RequestedRegion", &eu, &ctx(&[("aws:RequestedRegion", V::S(r))]));
    assert!(region("us-east-1"));
    assert!(!region("eu-west-1"));
    assert!(region("EU-WEST-1"));
}

#[test]
fn tag_based_abac() {
    let abac = |principal: Option<&str>, resource: Option<&str>| {
        let mut entries = Vec::new();
        if let Some(p) = principal {
            entries.push(("aws:PrincipalTag/CostCenter", V::S(p)));
        }
        if let Some(r) = resource {
            entries.push(("aws:resourcetag/costcenter", V::S(r)));
        }
        eval("StringEquals", "aws:ResourceTag/CostCenter", &["${aws:PrincipalTag/CostCenter}"], &ctx(&entries))
    };
    assert!(abac(Some("12345"), Some("12345")).result);
    assert!(!abac(Some("12345"), Some("67890")).result);
    let o = abac(None, Some("12345"));
    assert_eq!((o.result, o.reason), (false, ReasonCode::VariableUnresolved));
    assert_eq!((abac(Some("12345"), None).reason), ReasonCode::KeyMissingPositive);
    assert!(!abac(None, None).result);
}

#[test]
fn time_window() {
    let block = [
        clause("DateGreaterThan", "aws:CurrentTime", &["2020-04-01T00:00:00Z"]),
        clause("DateLessThan", "aws:CurrentTime", &["2020-06-30T23:59:59Z"]),
    ];
    let at = |t: &str| evaluate_block(&block, &ctx(&[("aws:CurrentTime", V::S(t))]), true, &mut Vec::new());
    assert!(at("2020-05-15T08:30:00Z"));
    assert!(at("2020-04-01T00:00:00.001Z"));
    assert!(!at("2020-04-01T00:00:00Z"));
    assert!(!at("2020-06-30T23:59:59Z"));
    assert!(!at("2020-07-01T00:00:00Z"));
    assert!(at("1589531400"));
}

#[test]
fn tag_keys_forall_vs_forany() {
    let p = ["environment", "cost-center"];
    let rows: [(Option<&[&str]>, bool, bool); 6] = [
        (None, true, false),
        (Some(&[]), true, false),
        (Some(&["environment"]), true, true),
        (Some(&["environment", "dept"]), false, true),
        (Some(&["dept"]), false, false),
        (Some(&["Environment"]), false, false),
    ];
    for (keys, all, any) in rows {
        let c = match keys {
            Some(k) => ctx(&[("aws:TagKeys", V::L(k))]),
            None => Context::new(),
        };
        assert_eq!(holds("ForAllValues:StringEquals", "aws:TagKeys", &p, &c), all, "{keys:?}");
        assert_eq!(holds("ForAnyValue:StringEquals", "aws:TagKeys", &p, &c), any, "{keys:?}");
        // The Null guard makes the vacuous first rows false.
        let guarded =
            [clause("ForAllValues:StringEquals", "aws:TagKeys", &p), clause("Null", "aws:TagKeys", &["false"])];
        assert_eq!(evaluate_block(&guarded, &c, true, &mut Vec::new()), all && keys.is_some_and(|k| !k.is_empty()));
    }
}

#[test]
fn qualified_negated_operators() {
    let c = ctx(&[("aws:TagKeys", V::L(&["environment", "dept"]))]);
    assert!(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", &["environment", "cost-center"], &c));
    assert!(!holds("ForAllValues:StringNotEquals", "aws:TagKeys", &["environment"], &c));
    assert!(holds("ForAllValues:StringNotLike", "aws:TagKeys", &["key*"], &c));
    let o = eval("ForAllValues:StringEquals", "aws:TagKeys", &["environment"], &c);
    let d = o.detail.unwrap();
    let elements = d.elements.as_ref().unwrap();
    assert_eq!(elements.len(), 2);
    assert!(elements[0].holds && !elements[1].holds);
    assert_eq!(elements[1].reason, ReasonCode::NoMatch);
}

#[test]
fn variables_per_family_and_version() {
    let c = ctx(&[
        ("aws:username", V::S("alice")),
        ("s3:prefix", V::S("home/alice/x")),
        ("k:n", V::S("10")),
        ("aws:MultiFactorAuthAge", V::S("10")),
        ("k:b", V::S("true")),
        ("k:flag", V::S("true")),
        ("aws:PrincipalArn", V::S("arn:aws:iam::123456789012:user/alice")),
    ]);
    assert!(holds("StringLike", "s3:prefix", &["home/${aws:username}/*"], &c));
    let cl = clause("StringLike", "s3:prefix", &["home/${aws:username}/*"]);
    assert!(!evaluate_clause(&cl, &c, false, &mut Vec::new(), false).result, "2008-10-17 keeps ${{}} literal");
    let o = eval("NumericEquals", "k:n", &["${aws:MultiFactorAuthAge}"], &c);
    assert_eq!((o.result, o.reason), (false, ReasonCode::ValueParseError));
    let o = eval("Bool", "k:b", &["${k:flag}"], &c);
    assert_eq!((o.result, o.convention), (true, true));
    assert!(holds("ArnLike", "aws:PrincipalArn", &["arn:aws:iam::*:user/${aws:username}"], &c));
    let d = eval("StringEquals", "k:n", &["${aws:PrincipalTag/team, '10'}"], &c).detail.unwrap();
    assert_eq!(d.policy_values[0].variables[0].outcome, VariableOutcome::Default);
    assert_eq!(d.policy_values[0].resolved.as_deref(), Some("10"));
}

#[test]
fn missing_collects_keys_once_in_original_spelling() {
    let c = ctx(&[("s3:prefix", V::S("home/x"))]);
    let mut missing = Vec::new();
    let block = [
        clause("StringEquals", "aws:ResourceTag/Team", &["x"]),
        clause("StringNotEquals", "aws:resourcetag/team", &["y"]),
        clause("StringLike", "s3:prefix", &["home/${aws:username}/*", "${aws:PrincipalTag/dept, 'd'}"]),
        clause("StringEquals", "s3:prefix", &["home/x"]),
    ];
    let (result, outcomes) = explain_block(&block, &c, true, &mut missing);
    assert!(!result);
    assert_eq!(outcomes.len(), 4);
    assert_eq!(missing, vec!["aws:ResourceTag/Team", "aws:username", "aws:PrincipalTag/dept"]);
    // Short-circuit stops at the first false pair.
    let mut short = Vec::new();
    assert!(!evaluate_block(&block, &c, true, &mut short));
    assert_eq!(short, vec!["aws:ResourceTag/Team"]);
}

#[test]
fn detail_serialises_in_camel_case() {
    let c = ctx(&[("AWS:SourceIP", V::S("198.51.100.23"))]);
    let d = eval("NotIpAddress", "aws:SourceIp", &["192.0.2.0/24"], &c).detail.unwrap();
    assert_eq!(d.context_key.as_deref(), Some("AWS:SourceIP"));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["baseOperator"], "NotIpAddress");
    assert_eq!(json["requestShape"], "scalar");
    assert_eq!(json["reason"], "MATCH");
    assert_eq!(json["policyValues"][0]["raw"], "192.0.2.0/24");
    assert!(json.get("qualifier").is_none() && json.get("elements").is_none());
    let absent = serde_json::to_value(eval("StringEquals", "k:x", &["a"], &Context::new()).detail.unwrap()).unwrap();
    assert_eq!(absent["contextKey"], serde_json::Value::Null);
    assert_eq!(absent["reason"], "KEY_MISSING_POSITIVE");
}

#[test]
fn sentences_read_as_plain_english() {
    let region = ctx(&[("aws:RequestedRegion", V::S("ap-south-1"))]);
    assert_eq!(
        sentence("StringNotEquals", "aws:RequestedRegion", &["us-east-1", "eu-west-1"], &region),
        "aws:RequestedRegion = ap-south-1 is not one of [us-east-1, eu-west-1]"
    );
    assert_eq!(
        sentence("StringEquals", "aws:RequestedRegion", &["ap-south-1"], &region),
        "aws:RequestedRegion = ap-south-1 is one of [ap-south-1]"
    );
    assert_eq!(
        sentence("BoolIfExists", "aws:MultiFactorAuthPresent", &["false"], &Context::new()),
        "aws:MultiFactorAuthPresent is absent, so BoolIfExists holds"
    );
    assert_eq!(
        sentence("Bool", "aws:MultiFactorAuthPresent", &["false"], &Context::new()),
        "aws:MultiFactorAuthPresent is absent, so Bool fails"
    );
    let ip = ctx(&[("aws:SourceIp", V::S("198.51.100.23"))]);
    assert_eq!(
        sentence("NotIpAddress", "aws:SourceIp", &["192.0.2.0/24"], &ip),
        "aws:SourceIp = 198.51.100.23 is in none of [192.0.2.0/24]"
    );
    assert_eq!(
        sentence("IpAddress", "aws:SourceIp", &["198.51.100.0/24"], &ip),
        "aws:SourceIp = 198.51.100.23 is in one of [198.51.100.0/24]"
    );
    let age = ctx(&[("aws:MultiFactorAuthAge", V::S("7200"))]);
    assert_eq!(
        sentence("NumericLessThan", "aws:MultiFactorAuthAge", &["3600"], &age),
        "aws:MultiFactorAuthAge = 7200 is not less than any of [3600]"
    );
    let tags = ctx(&[("aws:TagKeys", V::L(&["environment", "dept"]))]);
    let p = ["environment", "cost-center"];
    assert_eq!(
        sentence("ForAllValues:StringEquals", "aws:TagKeys", &p, &tags),
        "aws:TagKeys value dept is not one of [environment, cost-center], so ForAllValues fails"
    );
    assert_eq!(
        sentence("ForAnyValue:StringEquals", "aws:TagKeys", &p, &tags),
        "aws:TagKeys value environment is one of [environment, cost-center], so ForAnyValue holds"
    );
    let env = ctx(&[("aws:TagKeys", V::L(&["environment"]))]);
    assert_eq!(
        sentence("ForAllValues:StringEquals", "aws:TagKeys", &p, &env),
        "every value of aws:TagKeys [environment] is one of [environment, cost-center]"
    );
    let dept = ctx(&[("aws:TagKeys", V::L(&["dept"]))]);
    assert_eq!(
        sentence("ForAnyValue:StringEquals", "aws:TagKeys", &p, &dept),
        "no value of aws:TagKeys [dept] is one of [environment, cost-center]"
    );
    assert_eq!(
        sentence("ForAllValues:StringEquals", "aws:TagKeys", &p, &Context::new()),
        "aws:TagKeys is absent, so ForAllValues:StringEquals holds (there is no value to test)"
    );
    assert_eq!(
        sentence("Null", "aws:TokenIssueTime", &["true"], &Context::new()),
        "aws:TokenIssueTime is absent, so Null true holds"
    );
    assert_eq!(
        sentence("ForAnyValue:Null", "aws:TagKeys", &["true"], &Context::new()),
        "ForAnyValue:Null on aws:TagKeys is always false"
    );
    assert_eq!(
        sentence("StringEquals", "aws:CalledVia", &["a"], &ctx(&[("aws:CalledVia", V::L(&["a", "b"]))])),
        "aws:CalledVia has 2 values [a, b] but StringEquals has no ForAnyValue/ForAllValues qualifier, so it fails"
    );
    assert_eq!(
        sentence(
            "StringNotEquals",
            "s3:ExistingObjectTag/Team",
            &["${aws:PrincipalTag/Team}"],
            &ctx(&[("s3:ExistingObjectTag/Team", V::S("blue"))])
        ),
        "s3:ExistingObjectTag/Team = blue is not one of [${aws:PrincipalTag/Team} (unresolved)] \
         (${aws:PrincipalTag/Team} is unresolved because the request has no aws:PrincipalTag/Team)"
    );
    assert_eq!(
        sentence("StringEquals", "k:x", &[], &ctx(&[("k:x", V::S("a"))])),
        "StringEquals on k:x lists no values, so it fails"
    );
}

#[test]
fn sentences_for_every_family() {
    let c = ctx(&[
        ("aws:CurrentTime", V::S("2020-05-01T00:00:00Z")),
        ("aws:MultiFactorAuthAge", V::S("100")),
        ("aws:SecureTransport", V::S("false")),
        ("k:bin", V::S("Zm9v")),
        ("aws:PrincipalArn", V::S("arn:aws:iam::123456789012:role/Admin")),
        ("aws:SourceArn", V::S("not-an-arn")),
        ("aws:TagKeys", V::L(&["a", "b"])),
        ("aws:SourceIp", V::S("10.0.0.1/8")),
        ("k:empty", V::L(&[])),
        ("k:es", V::S("")),
    ]);
    let cases: &[(&str, &str, &[&str])] = &[
        ("DateLessThan", "aws:CurrentTime", &["2020-04-01"]),
        ("DateGreaterThanEquals", "aws:CurrentTime", &["2020-04-01", "2021-01-01"]),
        ("NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"]),
        ("NumericNotEquals", "aws:MultiFactorAuthAge", &["100"]),
        ("Bool", "aws:SecureTransport", &["true"]),
        ("BinaryEquals", "k:bin", &["Zm9v"]),
        ("ArnNotLike", "aws:PrincipalArn", &["arn:aws:iam::*:role/Break*"]),
        ("ArnLike", "aws:SourceArn", &["arn:aws:s3:::*"]),
        ("ForAllValues:StringNotEquals", "aws:TagKeys", &["a"]),
        ("ForAnyValue:StringNotLike", "aws:TagKeys", &["a", "b"]),
        ("IpAddress", "aws:SourceIp", &["10.0.0.0/8"]),
        ("StringEquals", "k:empty", &["x"]),
        ("ForAnyValue:StringEquals", "k:es", &["x"]),
        ("Null", "k:es", &["true"]),
        ("StringNotEqualsIfExists", "k:none", &["x"]),
        ("StringEqualsIgnoreCase", "aws:SecureTransport", &["FALSE"]),
        ("ForAllValues:Null", "aws:TagKeys", &["true"]),
    ];
    let expected: &[(bool, &str, &str)] = &[
        (false, "NO_MATCH", "aws:CurrentTime = 2020-05-01T00:00:00Z is not before any of [2020-04-01]"),
        (true, "MATCH", "aws:CurrentTime = 2020-05-01T00:00:00Z is at or after one of [2020-04-01, 2021-01-01]"),
        (true, "MATCH", "aws:MultiFactorAuthAge = 100 is at most one of [3600]"),
        (false, "NO_MATCH", "aws:MultiFactorAuthAge = 100 equals one of [100], so NumericNotEquals fails"),
        (false, "NO_MATCH", "aws:SecureTransport = false is not one of [true]"),
        (true, "MATCH", "k:bin = Zm9v has the same bytes as one of [Zm9v]"),
        (
            true,
            "MATCH",
            "aws:PrincipalArn = arn:aws:iam::123456789012:role/Admin matches none of [arn:aws:iam::*:role/Break*]",
        ),
        (
            false,
            "VALUE_PARSE_ERROR",
            "aws:SourceArn = not-an-arn matches none of [arn:aws:s3:::*] (not-an-arn is not an ARN)",
        ),
        (false, "NO_MATCH", "aws:TagKeys value a is one of [a], so ForAllValues fails"),
        (
            false,
            "NO_MATCH",
            "every value of aws:TagKeys [a, b] matches one of [a, b], so ForAnyValue:StringNotLike fails",
        ),
        (
            false,
            "VALUE_PARSE_ERROR",
            "aws:SourceIp = 10.0.0.1/8 is in none of [10.0.0.0/8] (10.0.0.1/8 is not an IP address)",
        ),
        (false, "KEY_MISSING_POSITIVE", "k:empty is an empty list, so StringEquals fails"),
        (
            false,
            "SET_EMPTY_FORANY",
            "k:es is an empty string, so ForAnyValue:StringEquals fails (there is no value to test)",
        ),
        (false, "NULL_PRESENCE", "k:es is present, so Null true fails"),
        (true, "KEY_MISSING_IFEXISTS", "k:none is absent, so StringNotEqualsIfExists holds"),
        (true, "MATCH", "aws:SecureTransport = false is, ignoring case, one of [FALSE]"),
        (true, "NULL_QUALIFIED_CONSTANT", "ForAllValues:Null on aws:TagKeys is always true"),
    ];
    assert_eq!(cases.len(), expected.len());
    for ((op, key, values), (result, reason, text)) in cases.iter().zip(expected) {
        let o = eval(op, key, values, &c);
        assert_eq!((o.result, o.reason.as_str()), (*result, *reason), "{op} {key}");
        assert_eq!(o.detail.unwrap().sentence(), *text, "{op} {key}");
    }
}

#[test]
fn policy_values_are_type_checked_for_the_validator() {
    use BaseOperator::*;
    assert_eq!(policy_value_error(DateLessThan, "next tuesday"), Some("not a date"));
    assert_eq!(policy_value_error(DateLessThan, "2020-06-30"), None);
    assert_eq!(policy_value_error(NumericEquals, "1e3"), Some("not a number"));
    assert_eq!(policy_value_error(NumericEquals, "${aws:MultiFactorAuthAge}"), Some("not a number"));
    assert_eq!(policy_value_error(Bool, "yes"), Some("not true or false"));
    assert_eq!(policy_value_error(Bool, "${aws:PrincipalTag/flag}"), None);
    assert_eq!(policy_value_error(Null, "maybe"), Some("not true or false"));
    assert_eq!(policy_value_error(BinaryEquals, "Zm9vY"), Some("not base64"));
    assert_eq!(policy_value_error(NotIpAddress, "203.0.113.0/33"), Some("not an IP address or CIDR range"));
    assert_eq!(policy_value_error(IpAddress, "2001:db8::/64"), None);
    assert_eq!(policy_value_error(ArnLike, "arn:aws:iam::${aws:PrincipalAccount}:role/*"), None);
    assert_eq!(policy_value_error(ArnLike, "arn:aws:iam:${a:b:c:d}"), Some("not an ARN"));
    assert_eq!(policy_value_error(ArnEquals, "*"), Some("not an ARN"));
    assert_eq!(policy_value_error(StringLike, "anything ${at:all"), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Days since 1970-01-01 counted the slow way, as a reference for the civil-date arithmetic.
    fn naive_days(year: i64, month: u32, day: u32) -> i64 {
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let mut days = 0i64;
        if year >= 1970 {
            for y in 1970..year {
                days += if leap(y) { 366 } else { 365 };
            }
        } else {
            for y in year..1970 {
                days -= if leap(y) { 366 } else { 365 };
            }
        }
        let lengths = [31, if leap(year) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        days += lengths.iter().take(month as usize - 1).sum::<i64>();
        days + i64::from(day) - 1
    }

    proptest! {
        #[test]
        fn calendar_dates_agree_with_a_naive_count(year in 1600i64..2400, month in 1u32..=12, day in 1u32..=28,
                                                   h in 0u32..24, m in 0u32..60, s in 0u32..60) {
            let text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z");
            let expected = (naive_days(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + s)) as i128 * 1_000_000_000;
            prop_assert_eq!(parse_date(&text).map(|d| d.nanos), Some(expected));
            // The same instant written as epoch seconds compares equal.
            let epoch = (expected / 1_000_000_000).to_string();
            prop_assert_eq!(parse_date(&epoch).map(|d| d.nanos), Some(expected));
        }

        #[test]
        fn decimals_order_like_scaled_integers(a in -1_000_000i64..1_000_000, b in -1_000_000i64..1_000_000) {
            // a and b are hundredths; write them as decimals with and without padding zeros.
            let text = |n: i64| format!("{}{}.{:02}0", if n < 0 { "-" } else { "" }, n.abs() / 100, n.abs() % 100);
            let (ta, tb) = (text(a), text(b));
            prop_assert_eq!(parse_decimal(&ta).unwrap().cmp(&parse_decimal(&tb).unwrap()), a.cmp(&b), "{} vs {}", ta, tb);
        }

        #[test]
        fn arbitrary_text_never_panics(op in 0usize..26, qualifier in 0u8..3, if_exists: bool,
                                       policy in proptest::collection::vec(".{0,24}", 0..3),
                                       request in proptest::collection::vec(".{0,24}", 0..3), scalar: bool) {
            let name = format!(
                "{}{}{}",
                ["", "ForAllValues:", "ForAnyValue:"][qualifier as usize],
                all_bases()[op],
                if if_exists { "IfExists" } else { "" }
            );
            let values: Vec<&str> = policy.iter().map(String::as_str).collect();
            let c = if scalar {
                ctx(&[("k:x", V::S(request.first().map_or("", String::as_str)))])
            } else {
                let items: Vec<&str> = request.iter().map(String::as_str).collect();
                ctx(&[("k:x", V::L(&items))])
            };
            let o = eval(&name, "k:x", &values, &c);
            let _ = o.detail.unwrap().sentence();
            for text in policy.iter().chain(&request) {
                let _ = (parse_date(text), parse_decimal(text), parse_ip_range(text), parse_ip_address(text), parse_base64(text));
                let _ = policy_value_error(BaseOperator::ArnLike, text);
            }
        }

        #[test]
        fn date_and_address_shaped_text_never_panics(text in "[0-9TZ:+./a-f%-]{0,32}") {
            let _ = (parse_date(&text), parse_decimal(&text), parse_ip_range(&text), parse_ip_address(&text), parse_base64(&text));
        }
    }
}
