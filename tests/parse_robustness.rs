//! Robustness of the readers: arbitrary text, arbitrarily deep JSON and mutated valid scenarios never
//! panic, and every diagnostic's range lies inside the text it refers to (the scenario, or a policy
//! string inside it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::model::{Diagnostic, PolicyType};
use iamsim::parse::{
    JsonArena, JsonValue, Limits, Parsed, PolicyInput, parse_json, parse_options, parse_policy_set, parse_policy_text,
    parse_request, parse_scenario,
};
use iamsim::source::{SourceText, Span};
use proptest::prelude::*;

/// The scenario text and every string value inside it (policy strings are their own texts).
fn texts(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    let arena = JsonArena::new();
    let Ok(json) = parse_json(text, &arena, &Limits::scenario()) else { return out };
    let mut stack = vec![&json];
    while let Some(j) = stack.pop() {
        match &j.value {
            JsonValue::String(s) => out.push(s.to_string()),
            JsonValue::Array(items) => stack.extend(items.iter()),
            JsonValue::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            _ => {}
        }
    }
    out
}

/// Every diagnostic has a range, inside one of `texts`, with start <= end; errors exist iff no value.
fn check<T>(parsed: &Parsed<T>, texts: &[String]) {
    assert_eq!(parsed.value.is_none(), parsed.diagnostics.iter().any(Diagnostic::is_error));
    for d in &parsed.diagnostics {
        assert!(!d.code.is_empty() && d.code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'), "{}", d.code);
        let r = d.range.unwrap_or_else(|| panic!("{} has no range", d.code));
        assert!(r.start <= r.end, "{d:?}");
        assert!(r.start.line >= 1 && r.start.column >= 1, "{d:?}");
        let inside = texts.iter().any(|t| {
            let src = SourceText::new(t.as_str());
            let end = src.range(Span::new(t.len(), t.len())).end;
            r.end <= end
        });
        assert!(inside, "{d:?} is outside the text");
    }
}

fn check_all(text: &str) {
    let t = texts(text);
    check(&parse_scenario(text), &t);
    check(&parse_policy_set(text), &t);
    check(&parse_request(text), &t);
    check(&parse_options(text), &t);
    for ty in [
        PolicyType::Identity,
        PolicyType::PermissionsBoundary,
        PolicyType::Session,
        PolicyType::Resource,
        PolicyType::Scp,
        PolicyType::Rcp,
    ] {
        check(&parse_policy_text(text, PolicyInput::new("p", ty, "policy")), &[text.to_string()]);
    }
}

/// Words the readers know, so generated JSON reaches deep into the grammar.
const WORDS: &[&str] = &[
    "Version",
    "2012-10-17",
    "2008-10-17",
    "Id",
    "Statement",
    "Sid",
    "Effect",
    "Allow",
    "Deny",
    "Principal",
    "NotPrincipal",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "StringEquals",
    "ForAnyValue:StringLike",
    "NullIfExists",
    "aws:username",
    "*",
    "s3:GetObject",
    "sts:AssumeRole",
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:role/r",
    "arn:aws:sts::111122223333:assumed-role/r/s",
    "lambda.amazonaws.com",
    "request",
    "principal",
    "action",
    "resource",
    "resourceAccount",
    "context",
    "policies",
    "identity",
    "permissionsBoundary",
    "session",
    "scp",
    "rcp",
    "options",
    "deriveContext",
    "notPrincipalMode",
    "document",
    "id",
    "type",
    "trust",
    "kind",
    "role-session",
    "root",
    "roleArn",
    "sessionName",
    "account",
    "111122223333",
    "tags",
    "é😀",
    "",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(|w| w.to_string())
}

fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        word().prop_map(|w| format!("{w:?}")),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
        Just("1.50".to_string()),
    ];
    leaf.prop_recursive(8, 128, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((word(), inner), 0..6).prop_map(|v| {
                let members: Vec<String> = v.into_iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

const VALID: &str = r#"{
  "request": {"principal": {"kind": "role-session", "arn": "arn:aws:sts::111122223333:assumed-role/app/s1",
              "roleArn": "arn:aws:iam::111122223333:role/app", "tags": {"team": "a"}},
              "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"aws:SourceIp": "10.0.0.1", "n": [1, true]}},
  "policies": {
    "identity": [{"Version": "2012-10-17", "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*",
                  "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}}]},
                 "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}}"],
    "resource": {"id": "bucket", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
                 "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}},
    "scp": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]],
    "rcp": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}]]
  },
  "options": {"deriveContext": true, "notPrincipalMode": "strict"}
}"#;

/// One edit of a text: delete a range, insert a string, or duplicate a slice (at char boundaries).
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (
            any::<usize>(),
            prop_oneof![
                Just("{".to_string()),
                Just("}".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just(",".to_string()),
                Just(":".to_string()),
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("\\u".to_string()),
                Just("\\uD800".to_string()),
                Just("\n".to_string()),
                Just("\u{a0}".to_string()),
                word().prop_map(|w| format!("{w:?}")),
                ".{0,5}",
            ]
        )
            .prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, e: &Edit) -> String {
    match e {
        Edit::Delete(at, n) => {
            let start = boundary(text, *at);
            let end = boundary(text, (start + n).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Edit::Insert(at, s) => {
            let i = boundary(text, *at);
            format!("{}{s}{}", &text[..i], &text[i..])
        }
        Edit::Duplicate(at, n) => {
            let start = boundary(text, *at);
            let end = boundary(text, (start + n).min(text.len())).max(start);
            format!("{}{}{}", &text[..end], &text[start..end], &text[end..])
        }
    }
}

#[test]
fn the_valid_scenario_is_valid() {
    let parsed = parse_scenario(VALID);
    assert!(parsed.value.is_some(), "{:?}", parsed.diagnostics);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["NOTPRINCIPAL_DISCOURAGED"]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for n in [63, 64, 65, 1000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("{\"Statement\":[", "]}")] {
            let text = format!("{}1{}", open.repeat(n), close.repeat(n));
            check_all(&text);
        }
        let text = format!(
            r#"{{"request":{{"principal":"anonymous","action":"s3:GetObject","context":{{"k":{}1{}}}}}}}"#,
            "[".repeat(n),
            "]".repeat(n)
        );
        check_all(&text);
    }
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(parse_scenario(&deep).diagnostics[0].code, "JSON_TOO_DEEP");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(text in ".{0,300}") {
        check_all(&text);
    }

    #[test]
    fn arbitrary_json(text in json_text()) {
        check_all(&text);
    }

    #[test]
    fn arbitrary_json_as_policy_and_scenario_parts(
        statement in json_text(), principal in json_text(), context in json_text(), policy in json_text(),
    ) {
        let policy_doc = format!(r#"{{"Version":"2012-10-17","Statement":{statement}}}"#);
        check_all(&policy_doc);
        let scenario = format!(
            r#"{{"request":{{"principal":{principal},"action":"s3:GetObject","context":{context}}},"policies":{{"identity":[{policy},{policy_doc}],"resource":{policy},"scp":[[{policy}]],"permissionsBoundary":{policy_doc:?}}}}}"#
        );
        check_all(&scenario);
    }

    #[test]
    fn mutated_scenarios(edits in prop::collection::vec(edit(), 1..6)) {
        let mut text = VALID.to_string();
        for e in &edits {
            text = apply(&text, e);
        }
        check_all(&text);
    }
}
