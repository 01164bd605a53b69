//! Policy grammar: every rule of spec/evaluation.md §5.1-5.2 and conditions.md §1.1, each pinned to its
//! code and the line/column it points at.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iamsim::model::{Effect, PolicyType, PrincipalKey, ResourcePolicyKind, Severity, Version};
use iamsim::parse::{PolicyInput, parse_policy_text};
use iamsim::source::Position;

fn input(policy_type: PolicyType, kind: Option<ResourcePolicyKind>) -> PolicyInput {
    let mut i = PolicyInput::new("p", policy_type, "policies.test");
    i.resource_kind = kind;
    i
}

/// (severity, code, start line, start column) of every diagnostic.
fn diags(text: &str, policy_type: PolicyType, kind: Option<ResourcePolicyKind>) -> Vec<(Severity, String, u32, u32)> {
    let parsed = parse_policy_text(text, input(policy_type, kind));
    assert_eq!(parsed.value.is_none(), parsed.diagnostics.iter().any(|d| d.is_error()));
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.source.as_deref(), Some("policies.test"));
            let r = d.range.expect("every diagnostic has a range");
            (d.severity, d.code.clone(), r.start.line, r.start.column)
        })
        .collect()
}

fn identity(text: &str) -> Vec<(Severity, String, u32, u32)> {
    diags(text, PolicyType::Identity, None)
}

fn resource(text: &str) -> Vec<(Severity, String, u32, u32)> {
    diags(text, PolicyType::Resource, Some(ResourcePolicyKind::Generic))
}

fn trust(text: &str) -> Vec<(Severity, String, u32, u32)> {
    diags(text, PolicyType::Resource, Some(ResourcePolicyKind::Trust))
}

/// Line and column (1-based) of the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let offset = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle present");
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32 + 1;
    (line, col)
}

fn err(code: &str, (line, col): (u32, u32)) -> (Severity, String, u32, u32) {
    (Severity::Error, code.to_string(), line, col)
}

fn warn(code: &str, (line, col): (u32, u32)) -> (Severity, String, u32, u32) {
    (Severity::Warning, code.to_string(), line, col)
}

fn info(code: &str, (line, col): (u32, u32)) -> (Severity, String, u32, u32) {
    (Severity::Info, code.to_string(), line, col)
}

const V: &str = r#""Version":"2012-10-17""#;

fn doc(statement: &str) -> String {
    format!(r#"{{{V},"Statement":[{statement}]}}"#)
}

#[test]
fn a_valid_identity_policy_keeps_every_span() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:List*\"], \"Resource\": \"*\"}\n  ]\n}";
    let parsed = parse_policy_text(text, input(PolicyType::Identity, None));
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let p = parsed.value.unwrap();
    assert_eq!(p.version, Version::V2012_10_17);
    assert_eq!(p.id, "p");
    assert_eq!(p.input, "policies.test");
    assert_eq!(p.resource_kind, ResourcePolicyKind::Generic);
    let s = &p.statements[0];
    assert_eq!(s.sid.as_deref(), Some("Read"));
    assert_eq!(s.effect, Effect::Allow);
    assert_eq!(p.range(s.span).start, Position { line: 4, column: 5 });
    assert_eq!(p.range(s.span).end, Position { line: 4, column: 96 });
    let texts: Vec<&str> = s.action.patterns.iter().map(|a| a.text()).collect();
    assert_eq!(texts, ["s3:GetObject", "s3:List*"]);
    assert_eq!(s.action.patterns[1].text(), "s3:List*");
    assert_eq!(p.range(s.action.patterns[1].span).start, Position { line: 4, column: 67 });
    assert!(!s.action.negated);
    let r = s.resource.as_ref().unwrap();
    assert_eq!((r.negated, r.patterns[0].text()), (false, "*"));
    assert!(s.principal.is_none() && s.conditions.is_empty());
}

#[test]
fn single_statement_object_and_string_values() {
    let text =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}}"#;
    let p = parse_policy_text(text, input(PolicyType::Identity, None)).value.unwrap();
    assert_eq!(p.statements.len(), 1);
    let s = &p.statements[0];
    assert_eq!(s.index, 0);
    assert!(s.action.negated && s.resource.as_ref().unwrap().negated);
}

#[test]
fn version_rules() {
    let text = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(identity(text), [warn("MISSING_VERSION", (1, 1))]);
    assert_eq!(parse_policy_text(text, input(PolicyType::Identity, None)).value.unwrap().version, Version::Missing);
    assert_eq!(diags(text, PolicyType::Scp, None), [err("VERSION_REQUIRED", (1, 1))]);
    let old = r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert!(identity(old).is_empty());
    assert_eq!(diags(old, PolicyType::Rcp, None)[0], err("VERSION_REQUIRED", at(old, "\"2008", 0)));
    let bad = r#"{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(identity(bad), [err("INVALID_VERSION", at(bad, "\"2012", 0))]);
    let num = r#"{"Version":2012,"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(identity(num), [err("INVALID_TYPE", (1, 12))]);
}

#[test]
fn id_is_an_error_in_identity_policies_only() {
    let text = format!(r#"{{{V},"Id":"x","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#);
    assert_eq!(identity(&text), [err("ID_IN_IDENTITY_POLICY", at(&text, "\"Id\"", 0))]);
    let text = format!(
        r#"{{{V},"Id":"x","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}]}}"#
    );
    assert!(resource(&text).is_empty());
    let p = parse_policy_text(&text, input(PolicyType::Resource, None)).value.unwrap();
    assert_eq!(p.document_id.as_deref(), Some("x"));
}

#[test]
fn unknown_elements_are_errors_with_a_hint() {
    let text = format!(r#"{{{V},"statement":[]}}"#);
    let parsed = parse_policy_text(&text, input(PolicyType::Identity, None));
    let d = &parsed.diagnostics[0];
    assert_eq!((d.code.as_str(), d.range.unwrap().start.column), ("UNKNOWN_ELEMENT", 25));
    assert!(d.message.contains("did you mean \"Statement\"?"), "{}", d.message);
    assert_eq!(parsed.diagnostics[1].code, "MISSING_ELEMENT");

    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condtion":{}}"#);
    let parsed = parse_policy_text(&text, input(PolicyType::Identity, None));
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, "UNKNOWN_ELEMENT");
    assert!(parsed.diagnostics[0].message.contains("did you mean \"Condition\"?"));
    let top = format!(r#"{{{V},"Effect":"Allow","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}}"#);
    let parsed = parse_policy_text(&top, input(PolicyType::Identity, None));
    assert!(parsed.diagnostics[0].message.contains("statement elements go inside \"Statement\""));
}

#[test]
fn effect_is_required_and_case_sensitive() {
    let text = doc(r#"{"Effect":"allow","Action":"s3:*","Resource":"*"}"#);
    let parsed = parse_policy_text(&text, input(PolicyType::Identity, None));
    assert_eq!(identity(&text), [err("INVALID_EFFECT", at(&text, "\"allow\"", 0))]);
    assert!(parsed.diagnostics[0].message.contains("did you mean \"Allow\"?"));
    let text = doc(r#"{"Action":"s3:*","Resource":"*"}"#);
    assert_eq!(identity(&text), [err("MISSING_ELEMENT", at(&text, "{\"Action", 0))]);
    let text = doc(r#"{"Effect":true,"Action":"s3:*","Resource":"*"}"#);
    assert_eq!(identity(&text), [err("INVALID_TYPE", at(&text, "true", 0))]);
}

#[test]
fn exclusive_pairs_and_required_elements() {
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}"#);
    assert_eq!(identity(&text), [err("CONFLICTING_ELEMENTS", at(&text, "\"NotAction\"", 0))]);
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}"#);
    assert_eq!(identity(&text), [err("CONFLICTING_ELEMENTS", at(&text, "\"NotResource\"", 0))]);
    let text = doc(r#"{"Effect":"Allow","Resource":"*"}"#);
    assert_eq!(identity(&text), [err("MISSING_ELEMENT", at(&text, "{\"Effect", 0))]);
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*"}"#);
    assert_eq!(identity(&text), [err("MISSING_ELEMENT", at(&text, "{\"Effect", 0))]);
    let text = format!(r#"{{{V}}}"#);
    assert_eq!(identity(&text), [err("MISSING_ELEMENT", (1, 1))]);
    let text = doc(r#"{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}"#);
    assert_eq!(resource(&text), [err("CONFLICTING_ELEMENTS", at(&text, "\"NotPrincipal\"", 0))]);
}

#[test]
fn empty_and_mistyped_lists() {
    let text = doc(r#"{"Effect":"Allow","Action":[],"Resource":"*"}"#);
    assert_eq!(identity(&text), [err("EMPTY_ELEMENT", at(&text, "[]", 0))]);
    let text = format!(r#"{{{V},"Statement":[]}}"#);
    assert_eq!(identity(&text), [err("EMPTY_ELEMENT", at(&text, "[]", 0))]);
    let text = doc(r#"{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}"#);
    assert_eq!(identity(&text), [err("INVALID_TYPE", at(&text, "7]", 0))]);
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":{"a":1}}"#);
    assert_eq!(identity(&text), [err("INVALID_TYPE", at(&text, "{\"a\"", 0))]);
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":""}"#);
    assert_eq!(identity(&text), [err("EMPTY_ELEMENT", at(&text, "\"\"", 0))]);
    let text = format!(r#"{{{V},"Statement":["x"]}}"#);
    assert_eq!(identity(&text), [err("INVALID_TYPE", at(&text, "\"x\"", 0))]);
    let text = "[1]";
    assert_eq!(identity(text), [err("INVALID_TYPE", (1, 1))]);
}

#[test]
fn actions_must_name_a_service() {
    let text = doc(r#"{"Effect":"Allow","Action":["s3:GetObject","s3GetObject","s3:"],"Resource":"*"}"#);
    assert_eq!(
        identity(&text),
        [err("INVALID_ACTION", at(&text, "\"s3GetObject\"", 0)), err("INVALID_ACTION", at(&text, "\"s3:\"", 0))]
    );
    let text = doc(r#"{"Effect":"Allow","Action":["*","iam:*AccessKey*"],"Resource":"*"}"#);
    assert!(identity(&text).is_empty());
}

#[test]
fn principal_is_forbidden_where_the_policy_is_attached_to_the_principal() {
    let st = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"*"}"#;
    let text = doc(st);
    for ty in [PolicyType::Identity, PolicyType::PermissionsBoundary, PolicyType::Session, PolicyType::Scp] {
        assert_eq!(diags(&text, ty, None), [err("ELEMENT_NOT_ALLOWED", at(&text, "\"Principal\"", 0))], "{ty:?}");
    }
    let text = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#);
    assert_eq!(resource(&text), [err("MISSING_ELEMENT", at(&text, "{\"Effect", 0))]);
}

#[test]
fn principal_values() {
    let ok = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":["*","111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/a/alice","arn:aws:iam::111122223333:role/r","arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:sts::111122223333:federated-user/bob","AROAEXAMPLEID1234567"],"Service":["lambda.amazonaws.com","s3.ap-east-1.amazonaws.com"],"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:*","Resource":"*"}"#,
    );
    assert!(resource(&ok).is_empty(), "{:?}", resource(&ok));
    let p = parse_policy_text(&ok, input(PolicyType::Resource, Some(ResourcePolicyKind::Generic))).value.unwrap();
    let pr = p.statements[0].principal.as_ref().unwrap();
    assert_eq!(pr.entries.len(), 11);
    assert_eq!((pr.entries[0].key, pr.entries[0].value.as_str()), (PrincipalKey::Aws, "*"));
    assert_eq!(pr.entries[8].key, PrincipalKey::Service);
    assert!(!pr.negated);

    let star = doc(r#"{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#);
    let p = parse_policy_text(&star, input(PolicyType::Resource, None)).value.unwrap();
    assert_eq!(p.statements[0].principal.as_ref().unwrap().entries[0].key, PrincipalKey::Star);

    let cases = [
        (r#""arn:aws:iam::111122223333:user/alice""#, "INVALID_PRINCIPAL"),
        (r#"{"AWS":"arn:aws:iam::111122223333:user/*"}"#, "PRINCIPAL_WILDCARD"),
        (r#"{"AWS":"arn:aws:iam::*:root"}"#, "PRINCIPAL_WILDCARD"),
        (r#"{"Service":"*"}"#, "PRINCIPAL_WILDCARD"),
        (r#"{"AWS":"arn:aws:iam::111122223333:group/devs"}"#, "GROUP_PRINCIPAL"),
        (r#"{"AWS":"alice"}"#, "INVALID_PRINCIPAL"),
        (r#"{"AWS":"arn:aws:iam::111122223333:saml-provider/idp"}"#, "INVALID_PRINCIPAL"),
        (r#"{"CanonicalUser":"abc"}"#, "INVALID_PRINCIPAL"),
        (r#"{"AWS":[]}"#, "EMPTY_ELEMENT"),
        (r#"{}"#, "EMPTY_ELEMENT"),
        (r#"{"AWS":5}"#, "INVALID_TYPE"),
        (r#"{"AWS":[5]}"#, "INVALID_TYPE"),
        (r#"["*"]"#, "INVALID_TYPE"),
    ];
    for (value, code) in cases {
        let text = doc(&format!(r#"{{"Effect":"Allow","Principal":{value},"Action":"s3:*","Resource":"*"}}"#));
        let got = resource(&text);
        assert_eq!(got.len(), 1, "{value}: {got:?}");
        assert_eq!(got[0].1, code, "{value}");
        assert_eq!(got[0].0, Severity::Error, "{value}");
    }
    let text = doc(r#"{"Effect":"Allow","Principal":{"aws":"*"},"Action":"s3:*","Resource":"*"}"#);
    let parsed = parse_policy_text(&text, input(PolicyType::Resource, Some(ResourcePolicyKind::Generic)));
    assert_eq!(resource(&text), [err("UNKNOWN_PRINCIPAL_TYPE", at(&text, "\"aws\"", 0))]);
    assert!(parsed.diagnostics[0].message.contains("did you mean \"AWS\"?"));
    let text = doc(r#"{"Effect":"Allow","Principal":{"Service":"lambda"},"Action":"s3:*","Resource":"*"}"#);
    assert_eq!(resource(&text), [warn("UNUSUAL_SERVICE_PRINCIPAL", at(&text, "\"lambda\"", 0))]);
}

#[test]
fn federated_principals_only_in_trust_policies() {
    let st = r#"{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}"#;
    let text = doc(st);
    assert!(trust(&text).is_empty());
    let text = doc(&st.replace(r#""Action""#, r#""Resource":"*","Action""#));
    assert_eq!(resource(&text), [err("FEDERATED_OUTSIDE_TRUST", at(&text, "\"Federated\"", 0))]);
    for bad in ["accounts.example.com", "*"] {
        let text = doc(&format!(
            r#"{{"Effect":"Allow","Principal":{{"Federated":"{bad}"}},"Action":"sts:AssumeRoleWithWebIdentity"}}"#
        ));
        assert_eq!(trust(&text).len(), 1, "{bad}");
    }
    let text = doc(
        r#"{"Effect":"Allow","Principal":{"Federated":["accounts.google.com","arn:aws:iam::111122223333:saml-provider/idp"]},"Action":"sts:AssumeRoleWithSAML"}"#,
    );
    assert!(trust(&text).is_empty());
}

#[test]
fn not_principal_rules() {
    let text = doc(
        r#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/Bob"},"Action":"s3:GetObject","Resource":"*"}"#,
    );
    assert_eq!(resource(&text), [err("NOTPRINCIPAL_WITH_ALLOW", at(&text, "\"NotPrincipal\"", 0))]);
    let text = text.replace("Allow", "Deny");
    assert_eq!(resource(&text), [warn("NOTPRINCIPAL_DISCOURAGED", at(&text, "\"NotPrincipal\"", 0))]);
    let p = parse_policy_text(&text, input(PolicyType::Resource, Some(ResourcePolicyKind::Generic))).value.unwrap();
    assert!(p.statements[0].principal.as_ref().unwrap().negated);
    let t = text.replace(r#","Resource":"*""#, "");
    assert_eq!(trust(&t), [err("ELEMENT_NOT_ALLOWED", at(&t, "\"NotPrincipal\"", 0))]);
}

#[test]
fn trust_policies_have_no_resource_and_are_inferred() {
    let text = doc(
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/deploy"}"#,
    );
    assert_eq!(trust(&text), [err("ELEMENT_NOT_ALLOWED", at(&text, "\"Resource\"", 0))]);
    let inferred = doc(
        r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}"#,
    );
    assert_eq!(diags(&inferred, PolicyType::Resource, None), [info("TRUST_POLICY_INFERRED", (1, 1))]);
    let p = parse_policy_text(&inferred, input(PolicyType::Resource, None)).value.unwrap();
    assert_eq!(p.resource_kind, ResourcePolicyKind::Trust);
    assert!(p.statements[0].resource.is_none());
    // With a Resource it is a generic resource policy.
    let generic = doc(r#"{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}"#);
    let p = parse_policy_text(&generic, input(PolicyType::Resource, None)).value.unwrap();
    assert_eq!(p.resource_kind, ResourcePolicyKind::Generic);
    // Non-STS actions without Resource: generic, so Resource is missing.
    let broken = doc(r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}"#);
    assert_eq!(diags(&broken, PolicyType::Resource, None), [err("MISSING_ELEMENT", at(&broken, "{\"Effect", 0))]);
}

#[test]
fn rcp_rules() {
    let rcp = |s: &str| diags(&doc(s), PolicyType::Rcp, None);
    assert!(rcp(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#).is_empty());
    assert!(rcp(r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}"#).is_empty());
    let st = r#"{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("RCP_ALLOW_NOT_FULL_ACCESS", at(&doc(st), "\"Allow\"", 0))]);
    let st = r#"{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("RCP_PRINCIPAL_NOT_STAR", at(&doc(st), "{\"AWS\"", 0))]);
    let st = r#"{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st), [warn("RCP_PRINCIPAL_AWS_STAR", at(&doc(st), "{\"AWS\"", 0))]);
    let st = r#"{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("ELEMENT_NOT_ALLOWED", at(&doc(st), "\"NotAction\"", 0))]);
    let st = r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("RCP_ACTION_WILDCARD", at(&doc(st), "\"*\"", 1))]);
    let st = r#"{"Effect":"Deny","Principal":"*","Action":"s*:Get*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("RCP_ACTION_WILDCARD", at(&doc(st), "\"s*", 0))]);
    let st = r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st), [err("MISSING_ELEMENT", at(&doc(st), "{\"Effect", 0))]);
    let st = r#"{"Effect":"Deny","Principal":"*","NotPrincipal":"*","Action":"s3:*","Resource":"*"}"#;
    assert_eq!(rcp(st)[0].1, "CONFLICTING_ELEMENTS");
}

#[test]
fn sid_rules() {
    let text = doc(r#"{"Sid":"read access","Effect":"Allow","Action":"s3:*","Resource":"*"}"#);
    assert_eq!(identity(&text), [err("INVALID_SID", at(&text, "\"read access\"", 0))]);
    let st = r#"{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}"#;
    let text = doc(&format!("{st},{st}"));
    assert_eq!(resource(&text), [warn("DUPLICATE_SID", at(&text, "\"A\"", 1))]);
    let text = doc(&format!("{st},\n{st}").replace(r#""Principal":"*","#, ""));
    assert_eq!(identity(&text), [err("DUPLICATE_SID", (2, 8))]);
    let parsed = parse_policy_text(&text, input(PolicyType::Identity, None));
    assert!(parsed.diagnostics[0].message.contains("(line 1)"));
    let text = doc(r#"{"Sid":"x-y","Effect":"Deny","Action":"s3:*","Resource":"*"}"#);
    assert_eq!(diags(&text, PolicyType::Scp, None), [warn("INVALID_SID", at(&text, "\"x-y\"", 0))]);
}

#[test]
fn condition_blocks() {
    let text = doc(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":[1.50,"10"]},"Bool":{"aws:SecureTransport":true},"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":"a*"}}}"#,
    );
    let p = parse_policy_text(&text, input(PolicyType::Identity, None)).value.unwrap();
    let c = &p.statements[0].conditions;
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].operator_text, "NumericLessThan");
    assert_eq!(c[0].key, "s3:max-keys");
    assert_eq!(c[0].key_lower, "s3:max-keys");
    let values: Vec<&str> = c[0].values.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(values, ["1.50", "10"]);
    assert_eq!(c[1].values[0].text, "true");
    assert_eq!(c[1].key_lower, "aws:securetransport");
    assert!(c[2].operator.if_exists);
    assert_eq!(p.range(c[1].span).start.column, at(&text, "\"aws:SecureTransport\"", 0).1);

    let cond = |c: &str| {
        let text = doc(&format!(r#"{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{c}}}"#));
        (identity(&text), text)
    };
    let (d, text) = cond(r#"{"stringEquals":{"aws:username":"a"}}"#);
    assert_eq!(d, [err("UNKNOWN_OPERATOR", at(&text, "\"stringEquals\"", 0))]);
    let (d, text) = cond(r#"{"NullIfExists":{"aws:username":"true"}}"#);
    assert_eq!(d, [err("NULL_IF_EXISTS", at(&text, "\"NullIfExists\"", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"aws:username":null}}"#);
    assert_eq!(d, [err("INVALID_CONDITION_VALUE", at(&text, "null", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"aws:username":["a",["b"]]}}"#);
    assert_eq!(d, [err("INVALID_CONDITION_VALUE", at(&text, "[\"b\"]", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"aws:username":{"x":1}}}"#);
    assert_eq!(d, [err("INVALID_CONDITION_VALUE", at(&text, "{\"x\"", 0))]);
    let (d, text) = cond(r#"{"StringEquals":"aws:username"}"#);
    assert_eq!(d, [err("INVALID_TYPE", at(&text, "\"aws:username\"", 0))]);
    let (d, text) = cond(r#"["x"]"#);
    assert_eq!(d, [err("INVALID_TYPE", at(&text, "[\"x\"]", 0))]);
    let (d, text) = cond("{}");
    assert_eq!(d, [info("EMPTY_CONDITION", at(&text, "{}", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{}}"#);
    assert_eq!(d, [info("EMPTY_CONDITION", at(&text, "{}", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"aws:username":[]}}"#);
    assert_eq!(d, [info("EMPTY_CONDITION_VALUES", at(&text, "[]", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"aws:ResourceTag/a":"x","aws:resourcetag/A":"y"}}"#);
    assert_eq!(d, [warn("CONDITION_KEY_CASE_DUPLICATE", at(&text, "\"aws:resourcetag/A\"", 0))]);
    let (d, text) = cond(r#"{"StringEquals":{"":"x"}}"#);
    assert_eq!(d, [err("INVALID_CONDITION_KEY", at(&text, "\"\"", 0))]);
    let parsed = parse_policy_text(
        &doc(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValues:StringEquals":{"a:b":"x"}}}"#,
        ),
        input(PolicyType::Identity, None),
    );
    assert!(
        parsed.diagnostics[0].message.contains("did you mean \"ForAnyValue\"?"),
        "{}",
        parsed.diagnostics[0].message
    );
}

#[test]
fn duplicate_keys_and_json_errors_are_located_in_the_policy_text() {
    let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    assert_eq!(identity(text), [err("DUPLICATE_KEY", (1, 55))]);
    assert_eq!(identity("{\"Version\":"), [err("JSON_SYNTAX", (1, 12))]);
}

#[test]
fn policy_size_limit() {
    let padding = " ".repeat(131_073);
    let text = format!("{}{padding}", doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#));
    assert_eq!(identity(&text), [err("POLICY_TOO_LARGE", (1, 1))]);
    let fits = format!("{}{}", doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#), " ".repeat(1000));
    assert!(identity(&fits).is_empty());
}

#[test]
fn many_errors_are_all_reported() {
    let text = doc(r#"{"Effect":"Permit","Action":[],"Resource":"*","Foo":1},{"Effect":"Allow"}"#);
    let codes: Vec<String> = identity(&text).into_iter().map(|d| d.1).collect();
    assert_eq!(codes, ["UNKNOWN_ELEMENT", "INVALID_EFFECT", "EMPTY_ELEMENT", "MISSING_ELEMENT", "MISSING_ELEMENT"]);
}
