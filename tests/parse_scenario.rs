//! The scenario reader: unknown fields and wrong types at their exact range, policy slots and ids,
//! principal inference, request defaults and the context.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::model::{
    ContextValue, Diagnostic, NotPrincipalMode, PolicyType, PrincipalKind, ResourcePolicyKind, Severity,
};
use iamsim::parse::{parse_options, parse_policy_set, parse_request, parse_scenario};

/// Line and column (1-based) of the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle present");
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32 + 1;
    (line, col)
}

/// (severity, code, source, line, column).
fn summary(d: &[Diagnostic]) -> Vec<(Severity, String, String, u32, u32)> {
    d.iter()
        .map(|d| {
            let r = d.range.expect("range");
            (d.severity, d.code.clone(), d.source.clone().unwrap_or_default(), r.start.line, r.start.column)
        })
        .collect()
}

fn one(
    severity: Severity,
    code: &str,
    source: &str,
    (line, col): (u32, u32),
) -> Vec<(Severity, String, String, u32, u32)> {
    vec![(severity, code.to_string(), source.to_string(), line, col)]
}

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const ALLOW_S3: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;

fn request_with(principal: &str) -> String {
    format!(r#"{{"principal":{principal},"action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}}"#)
}

#[test]
fn a_full_scenario() {
    let text = format!(
        r#"{{
  "request": {{"principal": "{ALICE}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
               "resourceInManagementAccount": true, "context": {{"aws:SourceIp": "10.0.0.1"}}}},
  "policies": {{
    "identity": [{ALLOW_S3}, {{"id": "team", "source": "group", "group": "devs", "document": {ALLOW_S3:?}}}],
    "permissionsBoundary": {ALLOW_S3},
    "session": [],
    "resource": {{"type": "trust", "document": {{"Statement": {{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}}}}},
    "scp": [[{ALLOW_S3}], [{ALLOW_S3}, {ALLOW_S3}]],
    "rcp": [[]]
  }},
  "options": {{"deriveContext": false, "notPrincipalMode": "lenient"}}
}}"#
    );
    let parsed = parse_scenario(&text);
    // The trust policy has no Version.
    assert_eq!(
        summary(&parsed.diagnostics),
        one(Severity::Warning, "MISSING_VERSION", "policies.resource", at(&text, "{\"Statement\"", 0))
    );
    let s = parsed.value.unwrap();
    assert_eq!(s.request.principal.kind, PrincipalKind::User);
    assert_eq!(s.request.action, "s3:GetObject");
    assert_eq!(s.request.resource_account.as_deref(), Some("111122223333"));
    assert!(s.request.resource_in_management_account);
    assert_eq!(s.request.context.get("aws:sourceip").unwrap().value, ContextValue::Scalar("10.0.0.1".into()));
    let p = &s.policies;
    assert_eq!(p.identity.len(), 2);
    assert_eq!((p.identity[0].id.as_str(), p.identity[0].input.as_str()), ("identity[0]", "policies.identity[0]"));
    assert_eq!(p.identity[1].id, "team");
    assert_eq!((p.identity[1].source.kind.as_str(), p.identity[1].source.group.as_deref()), ("group", Some("devs")));
    // A document given as a string is its own text: its statement starts at column 38 of that string.
    assert_eq!(p.identity[1].range(p.identity[1].statements[0].span).start.column, 38);
    // A document given as an object points into the scenario.
    let range = p.identity[0].range(p.identity[0].statements[0].span);
    assert_eq!((range.start.line, range.start.column), at(&text, "{\"Effect\"", 0));
    assert_eq!(p.permissions_boundary.as_ref().unwrap().id, "permissionsBoundary");
    assert!(p.session.is_empty());
    let r = p.resource.as_ref().unwrap();
    assert_eq!(
        (r.id.as_str(), r.resource_kind, r.policy_type),
        ("resource", ResourcePolicyKind::Trust, PolicyType::Resource)
    );
    let scp = p.scp.as_ref().unwrap();
    assert_eq!((scp.len(), scp[1].len()), (2, 2));
    assert_eq!((scp[1][1].id.as_str(), scp[1][1].input.as_str()), ("scp[1][1]", "policies.scp[1][1]"));
    assert_eq!(p.rcp.as_ref().map(|l| l.len()), Some(1));
    assert!(!s.options.derive_context);
    assert_eq!(s.options.not_principal_mode, NotPrincipalMode::Lenient);
}

#[test]
fn unknown_fields_at_every_level() {
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"polices":{}}"#;
    let parsed = parse_scenario(text);
    assert_eq!(
        summary(&parsed.diagnostics),
        one(Severity::Error, "UNKNOWN_FIELD", "scenario", at(text, "\"polices\"", 0))
    );
    assert_eq!(
        parsed.diagnostics[0].message,
        "unknown field \"polices\" in scenario (did you mean \"policies\"?); allowed fields: \"request\", \"policies\" or \"options\""
    );
    let cases = [
        (r#"{"request":{"principal":"anonymous","action":"s3:GetObject","Resource":"*"}}"#, "\"Resource\"", "request"),
        (
            r#"{"request":{"principal":{"arn":"arn:aws:iam::111122223333:user/a","rolearn":"x"},"action":"s3:GetObject"}}"#,
            "\"rolearn\"",
            "request.principal",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"scps":[]}}"#,
            "\"scps\"",
            "policies",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"options":{"strict":true}}"#,
            "\"strict\"",
            "options",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"identity":[{"document":"{}","type":"trust"}]}}"#,
            "\"type\"",
            "policies.identity[0]",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":{"document":{},"name":"x"}}}"#,
            "\"name\"",
            "policies.resource",
        ),
    ];
    for (text, needle, source) in cases {
        let parsed = parse_scenario(text);
        let found = summary(&parsed.diagnostics);
        assert!(
            found.contains(&one(Severity::Error, "UNKNOWN_FIELD", source, at(text, needle, 0))[0]),
            "{text}: {found:?}"
        );
        assert!(parsed.value.is_none());
    }
    let parsed = parse_scenario(
        r#"{"request":{"principal":{"arn":"arn:aws:iam::111122223333:user/a","rolearn":"x"},"action":"s3:GetObject"}}"#,
    );
    assert!(parsed.diagnostics[0].message.contains("did you mean \"roleArn\"?"));
}

#[test]
fn wrong_types_at_their_value() {
    let cases = [
        (r#"{"request":{"principal":"anonymous","action":7}}"#, "7", "request"),
        (r#"{"request":{"principal":"anonymous","action":"s3:GetObject","resource":["*"]}}"#, "[\"*\"]", "request"),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject","resourceInManagementAccount":"yes"}}"#,
            "\"yes\"",
            "request",
        ),
        (r#"{"request":{"principal":5,"action":"s3:GetObject"}}"#, "5", "request.principal"),
        (
            r#"{"request":{"principal":{"arn":"arn:aws:iam::111122223333:user/a","tags":{"k":1}},"action":"s3:GetObject"}}"#,
            "1}",
            "request.principal.tags",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"identity":{}}}"#,
            "{}}",
            "policies",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"scp":[{}]}}"#,
            "{}]",
            "policies.scp",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"session":[3]}}"#,
            "3]",
            "policies.session[0]",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":{"document":true}}}"#,
            "true",
            "policies.resource",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"options":{"deriveContext":1}}"#,
            "1}",
            "options",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject","context":{"a:b":{"x":1}}}}"#,
            "{\"x\"",
            "request.context",
        ),
        (
            r#"{"request":{"principal":"anonymous","action":"s3:GetObject","context":{"a:b":[["x"]]}}}"#,
            "[\"x\"]",
            "request.context",
        ),
        (r#"{"request":{"principal":"anonymous","action":"s3:GetObject","context":[]}}"#, "[]", "request.context"),
        (r#"[]"#, "[]", "scenario"),
    ];
    for (text, needle, source) in cases {
        let parsed = parse_scenario(text);
        assert_eq!(
            summary(&parsed.diagnostics),
            one(Severity::Error, "INVALID_TYPE", source, at(text, needle, 0)),
            "{text}"
        );
        assert!(parsed.value.is_none());
    }
}

#[test]
fn json_errors_in_the_scenario_and_in_policy_strings() {
    let text = "{\"request\": {\"principal\": \"anonymous\", \"action\": \"s3:GetObject\"},\n \"request\": {}}";
    assert_eq!(summary(&parse_scenario(text).diagnostics), one(Severity::Error, "DUPLICATE_KEY", "scenario", (2, 2)));
    // Errors inside a policy string are located in that string (what the user pasted).
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"identity":["{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"]}}"#;
    let parsed = parse_scenario(text);
    assert_eq!(summary(&parsed.diagnostics), one(Severity::Error, "INVALID_EFFECT", "policies.identity[0]", (2, 24)));
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"session":["{"]}}"#;
    assert_eq!(
        summary(&parse_scenario(text).diagnostics),
        one(Severity::Error, "JSON_SYNTAX", "policies.session[0]", (1, 2))
    );
    // Errors inside a document object are located in the scenario.
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"scp":[[{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}]]}}"#;
    assert_eq!(
        summary(&parse_scenario(text).diagnostics),
        one(Severity::Error, "VERSION_REQUIRED", "policies.scp[0][0]", at(text, "{\"Statement\"", 0))
    );
}

#[test]
fn missing_fields() {
    assert_eq!(summary(&parse_scenario("{}").diagnostics), one(Severity::Error, "MISSING_FIELD", "scenario", (1, 1)));
    let text = r#"{"request":{"action":"s3:GetObject"}}"#;
    assert_eq!(summary(&parse_scenario(text).diagnostics), one(Severity::Error, "MISSING_FIELD", "request", (1, 12)));
    let text = r#"{"request":{"principal":"anonymous"}}"#;
    assert_eq!(summary(&parse_scenario(text).diagnostics), one(Severity::Error, "MISSING_FIELD", "request", (1, 12)));
    let text =
        r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":{"document":null}}}"#;
    assert_eq!(
        summary(&parse_scenario(text).diagnostics),
        one(Severity::Error, "MISSING_FIELD", "policies.resource", at(text, "{\"document\"", 0))
    );
}

#[test]
fn wrapper_values_are_checked() {
    let base = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"identity":[WRAP]}}"#;
    let cases = [
        (r#"{"document":"{}","source":"users"}"#, "\"users\"", "INVALID_VALUE"),
        (r#"{"document":"{}","id":""}"#, "\"\"", "INVALID_VALUE"),
    ];
    for (wrap, needle, code) in cases {
        let text = base.replace("WRAP", wrap);
        let found = summary(&parse_scenario(&text).diagnostics);
        assert_eq!(found[0], one(Severity::Error, code, "policies.identity[0]", at(&text, needle, 0))[0], "{wrap}");
    }
    let text =
        base.replace("WRAP", &format!(r#"{{"id":"a","document":{ALLOW_S3:?}}},{{"id":"a","document":{ALLOW_S3:?}}}"#));
    assert_eq!(
        summary(&parse_scenario(&text).diagnostics),
        one(Severity::Warning, "DUPLICATE_POLICY_ID", "policies.identity[1]", at(&text, "\"a\"", 1))
    );
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":[]}}"#;
    let parsed = parse_scenario(text);
    assert_eq!(
        summary(&parsed.diagnostics),
        one(Severity::Error, "INVALID_TYPE", "policies.resource", at(text, "[]", 0))
    );
    assert!(parsed.diagnostics[0].message.ends_with("found an array (this slot holds a single policy)"));
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":{"type":"kms","document":"{}"}}}"#;
    assert_eq!(summary(&parse_scenario(text).diagnostics)[0].1, "INVALID_VALUE");
    let text = r#"{"request":{"principal":"anonymous","action":"s3:GetObject"},"policies":{"resource":{"type":"kmsKey","document":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}}}}}"#;
    let s = parse_scenario(text).value.unwrap();
    assert_eq!(s.policies.resource.unwrap().resource_kind, ResourcePolicyKind::KmsKey);
}

#[test]
fn principal_strings_are_inferred() {
    let p = |s: &str| {
        let parsed = parse_request(&request_with(&format!("\"{s}\"")));
        (parsed.value.map(|r| r.principal), parsed.diagnostics)
    };
    let (user, d) = p(ALICE);
    let user = user.unwrap();
    assert!(d.is_empty());
    assert_eq!(
        (user.kind, user.account.as_deref(), user.partition.as_str()),
        (PrincipalKind::User, Some("111122223333"), "aws")
    );

    let (root, _) = p("arn:aws-cn:iam::111122223333:root");
    let root = root.unwrap();
    assert_eq!((root.kind, root.partition.as_str()), (PrincipalKind::Root, "aws-cn"));

    let (s, d) = p("arn:aws:sts::111122223333:assumed-role/app/s1");
    let s = s.unwrap();
    assert!(d.is_empty());
    assert_eq!(s.kind, PrincipalKind::RoleSession);
    assert_eq!(s.role_arn.as_deref(), Some("arn:aws:iam::111122223333:role/app"));
    assert_eq!(s.session_name.as_deref(), Some("s1"));

    let (s, d) = p("arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRole");
    let s = s.unwrap();
    assert_eq!(s.arn.as_deref(), Some("arn:aws:sts::111122223333:assumed-role/AWSServiceRole/iamsim"));
    assert!(s.role_arn.as_deref().unwrap().contains("/aws-service-role/"));
    assert!(s.is_service_linked_role);
    let text = request_with(
        "\"arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRole\"",
    );
    assert_eq!(
        summary(&d),
        one(Severity::Info, "PRINCIPAL_ROLE_AS_SESSION", "request.principal", at(&text, "\"arn", 0))
    );

    let (f, _) = p("arn:aws:sts::111122223333:federated-user/bob");
    assert_eq!(f.unwrap().kind, PrincipalKind::FederatedUser);
    let (svc, _) = p("s3.ap-east-1.amazonaws.com");
    let svc = svc.unwrap();
    assert_eq!(
        (svc.kind, svc.service.as_deref(), svc.account.as_deref()),
        (PrincipalKind::Service, Some("s3.ap-east-1.amazonaws.com"), None)
    );
    assert_eq!(p("anonymous").0.unwrap().kind, PrincipalKind::Anonymous);
    assert_eq!(p("*").0.unwrap().kind, PrincipalKind::Anonymous);
    let (w, _) = p("cognito-identity.amazonaws.com");
    assert_eq!(w.unwrap().kind, PrincipalKind::WebIdentity);
    let (w, _) = p("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
    let w = w.unwrap();
    assert_eq!((w.kind, w.provider.is_some()), (PrincipalKind::WebIdentity, true));
    let (saml, _) = p("arn:aws:iam::111122223333:saml-provider/idp");
    let saml = saml.unwrap();
    assert_eq!(
        (saml.kind, saml.arn.as_deref()),
        (PrincipalKind::Saml, Some("arn:aws:iam::111122223333:saml-provider/idp"))
    );
    let (acct, d) = p("111122223333");
    assert_eq!(acct.unwrap().arn.as_deref(), Some("arn:aws:iam::111122223333:root"));
    assert_eq!(d[0].code, "PRINCIPAL_ACCOUNT_AS_ROOT");

    for bad in ["arn:aws:iam::111122223333:group/devs", "alice", "arn:aws:s3:::bucket", "arn:aws:iam::*:root"] {
        let text = request_with(&format!("\"{bad}\""));
        let parsed = parse_request(&text);
        assert_eq!(
            summary(&parsed.diagnostics),
            one(Severity::Error, "INVALID_PRINCIPAL", "request.principal", (1, 14)),
            "{bad}"
        );
    }
}

#[test]
fn principal_objects() {
    let get = |obj: &str| {
        let text = request_with(obj);
        let parsed = parse_request(&text);
        (parsed.value.map(|r| r.principal), summary(&parsed.diagnostics), text)
    };
    let (p, d, _) = get(
        r#"{"kind":"role-session","arn":"arn:aws:sts::111122223333:assumed-role/app/s1","roleArn":"arn:aws:iam::111122223333:role/team/app","roleUniqueId":"AROAEXAMPLE","tags":{"team":"a"},"sessionTags":{"x":"y"},"sourceIdentity":"me","inManagementAccount":true}"#,
    );
    assert!(d.is_empty(), "{d:?}");
    let p = p.unwrap();
    assert_eq!(p.role_arn.as_deref(), Some("arn:aws:iam::111122223333:role/team/app"));
    assert_eq!(p.role_unique_id.as_deref(), Some("AROAEXAMPLE"));
    assert_eq!(p.tags, [("team".to_string(), "a".to_string())]);
    assert_eq!(p.session_tags, [("x".to_string(), "y".to_string())]);
    assert_eq!(p.source_identity.as_deref(), Some("me"));
    assert!(p.in_management_account && !p.is_service_linked_role);

    // A role ARN plus a session name: the session ARN is built from both, with no "iamsim" note.
    let (p, d, _) = get(r#"{"arn":"arn:aws:iam::111122223333:role/team/app","sessionName":"build"}"#);
    assert!(d.is_empty(), "{d:?}");
    let p = p.unwrap();
    assert_eq!(p.arn.as_deref(), Some("arn:aws:sts::111122223333:assumed-role/app/build"));
    assert_eq!(p.role_arn.as_deref(), Some("arn:aws:iam::111122223333:role/team/app"));
    // Kind + roleArn only.
    let (p, d, _) = get(r#"{"kind":"role-session","roleArn":"arn:aws:iam::111122223333:role/app","sessionName":"s"}"#);
    assert!(d.is_empty(), "{d:?}");
    let p = p.unwrap();
    assert_eq!(
        (p.arn.as_deref(), p.account.as_deref()),
        (Some("arn:aws:sts::111122223333:assumed-role/app/s"), Some("111122223333"))
    );
    // Root from its account.
    let (p, _, _) = get(r#"{"kind":"root","account":"444455556666"}"#);
    assert_eq!(p.unwrap().arn.as_deref(), Some("arn:aws:iam::444455556666:root"));
    // Service and provider objects.
    let (p, _, _) = get(r#"{"kind":"service","service":"lambda.amazonaws.com"}"#);
    assert_eq!(p.unwrap().service.as_deref(), Some("lambda.amazonaws.com"));
    let (p, _, _) = get(r#"{"provider":"accounts.google.com"}"#);
    assert_eq!(p.unwrap().kind, PrincipalKind::WebIdentity);
    let (p, _, _) = get(r#"{"kind":"saml","provider":"arn:aws:iam::111122223333:saml-provider/idp"}"#);
    assert_eq!(p.unwrap().arn.as_deref(), Some("arn:aws:iam::111122223333:saml-provider/idp"));
    let (p, _, _) = get(
        r#"{"kind":"federated-user","arn":"arn:aws:sts::111122223333:federated-user/bob","userArn":"arn:aws:iam::111122223333:user/bob"}"#,
    );
    assert_eq!(p.unwrap().user_arn.as_deref(), Some("arn:aws:iam::111122223333:user/bob"));
    let (p, _, _) = get(r#"{"arn":"arn:aws:iam::111122223333:role/r","isServiceLinkedRole":true}"#);
    assert!(p.unwrap().is_service_linked_role);

    let errors = [
        (
            r#"{"kind":"user","arn":"arn:aws:sts::111122223333:assumed-role/app/s1"}"#,
            "PRINCIPAL_KIND_MISMATCH",
            "\"arn:aws:sts",
        ),
        (
            r#"{"arn":"arn:aws:iam::111122223333:user/a","account":"444455556666"}"#,
            "PRINCIPAL_FIELD_MISMATCH",
            "\"444455556666\"",
        ),
        (r#"{"arn":"arn:aws:iam::111122223333:user/a","account":"1234"}"#, "INVALID_ACCOUNT_ID", "\"1234\""),
        (
            r#"{"arn":"arn:aws:sts::111122223333:assumed-role/app/s1","roleArn":"arn:aws:iam::111122223333:role/other"}"#,
            "PRINCIPAL_FIELD_MISMATCH",
            "\"arn:aws:iam",
        ),
        (
            r#"{"arn":"arn:aws:sts::111122223333:assumed-role/app/s1","sessionName":"s2"}"#,
            "PRINCIPAL_FIELD_MISMATCH",
            "\"s2\"",
        ),
        (
            r#"{"arn":"arn:aws:sts::111122223333:assumed-role/app/s1","roleArn":"arn:aws:iam::111122223333:user/app"}"#,
            "INVALID_VALUE",
            "\"arn:aws:iam",
        ),
        (r#"{"kind":"users","arn":"arn:aws:iam::111122223333:user/a"}"#, "INVALID_VALUE", "\"users\""),
        (r#"{"kind":"user"}"#, "MISSING_FIELD", "{\"kind\""),
        (r#"{"kind":"role-session"}"#, "MISSING_FIELD", "{\"kind\""),
        (r#"{"kind":"root"}"#, "MISSING_FIELD", "{\"kind\""),
        (r#"{"kind":"service"}"#, "MISSING_FIELD", "{\"kind\""),
        (r#"{"kind":"service","service":"lambda"}"#, "INVALID_VALUE", "\"lambda\""),
        (r#"{"kind":"web-identity","provider":"example.com"}"#, "INVALID_VALUE", "\"example.com\""),
        (r#"{"uniqueId":"AIDA"}"#, "MISSING_FIELD", "{\"uniqueId\""),
    ];
    for (obj, code, needle) in errors {
        let (p, d, text) = get(obj);
        assert!(p.is_none(), "{obj}");
        assert_eq!(d, one(Severity::Error, code, "request.principal", at(&text, needle, 0)), "{obj}");
    }
    let (p, d, text) = get(r#"{"arn":"arn:aws:iam::111122223333:user/a","tags":{"Team":"a","team":"b"}}"#);
    assert!(p.is_none());
    assert_eq!(d, one(Severity::Error, "TAG_KEY_CASE_CONFLICT", "request.principal.tags", at(&text, "\"team\"", 0)));
    let (p, d, text) =
        get(r#"{"arn":"arn:aws:iam::111122223333:user/a","roleArn":"arn:aws:iam::111122223333:role/r"}"#);
    assert!(p.is_some());
    assert_eq!(d, one(Severity::Warning, "FIELD_IGNORED", "request.principal", at(&text, "\"roleArn\"", 0)));
}

#[test]
fn request_rules() {
    let req = |r: &str| {
        let parsed = parse_request(r);
        (parsed.value, summary(&parsed.diagnostics))
    };
    let (r, _) = req(&format!(r#"{{"principal":"{ALICE}","action":"s3:ListAllMyBuckets"}}"#));
    let r = r.unwrap();
    assert_eq!((r.resource.as_str(), r.resource_account.as_deref()), ("*", Some("111122223333")));
    let (r, _) = req(&format!(
        r#"{{"principal":"{ALICE}","action":"sqs:SendMessage","resource":"arn:aws:sqs:us-east-1:444455556666:q"}}"#
    ));
    assert_eq!(r.unwrap().resource_account.as_deref(), Some("444455556666"));
    let (r, _) = req(&format!(
        r#"{{"principal":"{ALICE}","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceAccount":"444455556666"}}"#
    ));
    assert_eq!(r.unwrap().resource_account.as_deref(), Some("444455556666"));
    let (r, _) = req(r#"{"principal":"anonymous","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}"#);
    assert_eq!(r.unwrap().resource_account, None);

    for bad in ["s3:Get*", "s3GetObject", "s3:", ":x", "s3:Get Object"] {
        let text = format!(r#"{{"principal":"anonymous","action":"{bad}"}}"#);
        assert_eq!(
            req(&text).1,
            one(Severity::Error, "INVALID_ACTION", "request", at(&text, &format!("\"{bad}\""), 0)),
            "{bad}"
        );
    }
    let text = r#"{"principal":"arn:aws:iam::111122223333:root","action":"sts:AssumeRole","resource":"arn:aws:iam::111122223333:role/r"}"#;
    assert_eq!(req(text).1, one(Severity::Error, "ROOT_CANNOT_ASSUME_ROLE", "request", at(text, "\"sts:", 0)));
    let text = r#"{"principal":"anonymous","action":"s3:GetObject","resourceAccount":"abc"}"#;
    assert_eq!(req(text).1, one(Severity::Error, "INVALID_ACCOUNT_ID", "request", at(text, "\"abc\"", 0)));
    let text = r#"{"principal":"anonymous","action":"s3:GetObject","resource":"bucket"}"#;
    assert_eq!(req(text).1, one(Severity::Warning, "REQUEST_RESOURCE_NOT_ARN", "request", at(text, "\"bucket\"", 0)));
}

#[test]
fn context_values() {
    let text = r#"{"principal":"anonymous","action":"s3:GetObject","context":{"s3:max-keys":1.50,"aws:SecureTransport":true,"aws:TagKeys":["a",2,false],"aws:Empty":[],"aws:Gone":null}}"#;
    let parsed = parse_request(text);
    assert!(parsed.diagnostics.is_empty());
    let c = parsed.value.unwrap().context;
    assert_eq!(c.get("s3:max-keys").unwrap().value, ContextValue::Scalar("1.50".into()));
    assert_eq!(c.get("aws:securetransport").unwrap().value, ContextValue::Scalar("true".into()));
    assert_eq!(c.get("AWS:TAGKEYS").unwrap().value, ContextValue::List(vec!["a".into(), "2".into(), "false".into()]));
    assert_eq!(c.get("aws:Empty").unwrap().value, ContextValue::List(vec![]));
    assert!(c.get("aws:Gone").is_none());
    assert_eq!(c.get("aws:TagKeys").unwrap().key, "aws:TagKeys");
    assert!(!c.get("aws:TagKeys").unwrap().derived);

    let text = "{\"principal\":\"anonymous\",\"action\":\"s3:GetObject\",\"context\":{\n\"aws:ResourceTag/ec2\":\"a\",\n\"aws:resourcetag/EC2\":\"b\"}}";
    let parsed = parse_request(text);
    assert_eq!(
        summary(&parsed.diagnostics),
        one(Severity::Error, "CONTEXT_KEY_CASE_CONFLICT", "request.context", (3, 1))
    );
    assert!(parsed.diagnostics[0].message.contains("(line 2)"));
    let text = r#"{"principal":"anonymous","action":"s3:GetObject","context":{"":"x"}}"#;
    assert_eq!(summary(&parse_request(text).diagnostics)[0].1, "INVALID_CONTEXT_KEY");
    let text = r#"{"principal":"anonymous","action":"s3:GetObject","context":{"a:b":[null]}}"#;
    assert_eq!(
        summary(&parse_request(text).diagnostics),
        one(Severity::Error, "INVALID_TYPE", "request.context", at(text, "null", 0))
    );
}

#[test]
fn prepared_forms() {
    let set = parse_policy_set(&format!(r#"{{"identity":[{ALLOW_S3}],"scp":[[{ALLOW_S3}]]}}"#));
    let set = set.value.unwrap();
    assert_eq!((set.identity.len(), set.scp.unwrap()[0][0].id.as_str()), (1, "scp[0][0]"));
    let parsed = parse_policy_set(r#"{"identity":[{"Statement":[]}]}"#);
    assert_eq!(summary(&parsed.diagnostics)[1].2, "policies.identity[0]");
    assert!(parsed.value.is_none());
    let parsed = parse_policy_set("{\"rcp\": [[], [], [], [], [], [], [], []], \"scp\": [[]]}");
    let codes: Vec<String> = summary(&parsed.diagnostics).into_iter().map(|d| d.1).collect();
    assert_eq!(codes, ["EMPTY_SCP_LEVEL", "TOO_MANY_LEVELS"]);
    assert!(parsed.value.is_some());

    let o = parse_options(r#"{"notPrincipalMode":"strict"}"#).value.unwrap();
    assert_eq!((o.derive_context, o.not_principal_mode), (true, NotPrincipalMode::Strict));
    let text = r#"{"notPrincipalMode":"loose"}"#;
    assert_eq!(
        summary(&parse_options(text).diagnostics),
        one(Severity::Error, "INVALID_VALUE", "options", at(text, "\"loose\"", 0))
    );
    assert_eq!(summary(&parse_options("{").diagnostics)[0].2, "options");
    assert_eq!(summary(&parse_request("").diagnostics), one(Severity::Error, "JSON_SYNTAX", "request", (1, 1)));
    // null means "not set" for optional fields.
    let r = parse_request(r#"{"principal":"anonymous","action":"s3:GetObject","resource":null,"context":null}"#)
        .value
        .unwrap();
    assert_eq!(r.resource, "*");
}
