//! The explain trace as JSON text, written by hand with the result's own writer (src/api/result_json.rs),
//! so that serde_json's serializer stays out of the .wasm: ~25 KiB of code that V8 compiled at every start
//! for explain alone. The output is byte for byte what `serde_json::to_string` gives for the derived
//! `Serialize` of these types (field order, skipped `None`s and empty lists, escapes); the tests compare
//! the two on every kind of field, and the golden explain outputs of the fixtures pin them end to end.

use crate::api::result_json::Writer;
use crate::conditions::{
    ClauseDetail, ElementDetail, PolicyValueDetail, RequestShape, VariableDetail, VariableOutcome,
};
use crate::model::Effect;

use super::{
    ConditionTrace, ContextItem, ContextItemValue, ElementMatch, PolicyTrace, RequestSummary, StatementTrace, Step,
    Trace,
};

impl Writer {
    pub(crate) fn trace(&mut self, t: &Trace) {
        self.raw("{\"request\":");
        self.request_summary(&t.request);
        self.raw(",\"context\":");
        self.list(&t.context, Writer::context_item);
        self.raw(",\"steps\":");
        self.list(&t.steps, Writer::step);
        self.raw(",\"policies\":");
        self.list(&t.policies, Writer::policy_trace);
        self.raw(",\"conventions\":");
        self.list(&t.conventions, |w, c| w.string(c));
        self.raw("}");
    }

    /// `"name":` then the string (`name` is given with its leading comma, if any, and quotes).
    fn string_field(&mut self, name: &str, value: &str) {
        self.raw(name);
        self.string(value);
    }

    /// A field left out when `None`, as `skip_serializing_if = "Option::is_none"` does.
    fn optional_string(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string_field(name, v);
        }
    }

    fn bool_field(&mut self, name: &str, value: bool) {
        self.raw(name);
        self.raw(if value { "true" } else { "false" });
    }

    fn request_summary(&mut self, r: &RequestSummary) {
        self.string_field("{\"principal\":", &r.principal);
        self.string_field(",\"principalKind\":", &r.principal_kind);
        self.optional_string(",\"principalAccount\":", r.principal_account.as_deref());
        self.string_field(",\"action\":", &r.action);
        self.string_field(",\"resource\":", &r.resource);
        self.optional_string(",\"resourceAccount\":", r.resource_account.as_deref());
        self.bool_field(",\"sameAccount\":", r.same_account);
        self.optional_string(",\"accessLevel\":", r.access_level.as_deref());
        self.optional_string(",\"resourceType\":", r.resource_type.as_deref());
        self.raw("}");
    }

    fn context_item(&mut self, c: &ContextItem) {
        self.string_field("{\"key\":", &c.key);
        self.raw(",\"value\":");
        match &c.value {
            ContextItemValue::Scalar(s) => self.string(s),
            ContextItemValue::List(l) => self.list(l, |w, s| w.string(s)),
        }
        self.bool_field(",\"derived\":", c.derived);
        self.raw("}");
    }

    fn step(&mut self, s: &Step) {
        self.string_field("{\"phase\":", &s.phase);
        self.string_field(",\"outcome\":", &s.outcome);
        self.string_field(",\"summary\":", &s.summary);
        self.bool_field(",\"onPath\":", s.on_path);
        self.raw("}");
    }

    fn policy_trace(&mut self, p: &PolicyTrace) {
        self.raw("{\"policyType\":\"");
        self.raw(p.policy_type.label());
        self.string_field("\",\"policyId\":", &p.policy_id);
        self.string_field(",\"input\":", &p.input);
        if let Some(level) = p.level {
            self.raw(",\"level\":");
            self.number(level as u64);
        }
        self.optional_string(",\"group\":", p.group.as_deref());
        self.bool_field(",\"evaluated\":", p.evaluated);
        self.optional_string(",\"note\":", p.note.as_deref());
        self.raw(",\"statements\":");
        self.list(&p.statements, Writer::statement_trace);
        self.raw("}");
    }

    fn statement_trace(&mut self, s: &StatementTrace) {
        self.raw("{\"index\":");
        self.number(s.index as u64);
        self.optional_string(",\"sid\":", s.sid.as_deref());
        self.raw(match s.effect {
            Effect::Allow => ",\"effect\":\"Allow\",\"range\":",
            Effect::Deny => ",\"effect\":\"Deny\",\"range\":",
        });
        self.range(&s.range);
        self.bool_field(",\"applies\":", s.applies);
        self.raw(",\"action\":");
        self.element_match(&s.action);
        if let Some(m) = &s.resource {
            self.raw(",\"resource\":");
            self.element_match(m);
        }
        if let Some(m) = &s.principal {
            self.raw(",\"principal\":");
            self.element_match(m);
        }
        self.raw(",\"conditions\":");
        self.list(&s.conditions, Writer::condition_trace);
        self.raw("}");
    }

    fn element_match(&mut self, m: &ElementMatch) {
        self.string_field("{\"element\":", &m.element);
        self.bool_field(",\"matched\":", m.matched);
        self.optional_string(",\"pattern\":", m.pattern.as_deref());
        self.raw(",\"range\":");
        self.range(&m.range);
        self.string_field(",\"detail\":", &m.detail);
        self.raw("}");
    }

    /// The clause's fields sit in the condition's object (`#[serde(flatten)]`), between its range and
    /// its sentence.
    fn condition_trace(&mut self, c: &ConditionTrace) {
        self.raw("{\"range\":");
        self.range(&c.range);
        self.clause_detail_fields(&c.detail);
        self.string_field(",\"sentence\":", &c.sentence);
        self.raw("}");
    }

    fn clause_detail_fields(&mut self, d: &ClauseDetail) {
        self.string_field(",\"operator\":", &d.operator);
        self.optional_string(",\"qualifier\":", d.qualifier);
        self.string_field(",\"baseOperator\":", d.base_operator);
        self.bool_field(",\"ifExists\":", d.if_exists);
        self.string_field(",\"key\":", &d.key);
        self.optional_string(",\"contextKey\":", d.context_key.as_deref());
        self.raw(match d.request_shape {
            RequestShape::Absent => ",\"requestShape\":\"absent\"",
            RequestShape::NullSet => ",\"requestShape\":\"nullSet\"",
            RequestShape::Scalar => ",\"requestShape\":\"scalar\"",
            RequestShape::List => ",\"requestShape\":\"list\"",
        });
        self.raw(",\"requestValues\":");
        self.list(&d.request_values, |w, v| w.string(v));
        self.optional_string(",\"requestParseError\":", d.request_parse_error.as_deref());
        self.raw(",\"policyValues\":");
        self.list(&d.policy_values, Writer::policy_value_detail);
        if let Some(elements) = &d.elements {
            self.raw(",\"elements\":");
            self.list(elements, Writer::element_detail);
        }
        self.bool_field(",\"result\":", d.result);
        self.string_field(",\"reason\":", d.reason.as_str());
        self.bool_field(",\"convention\":", d.convention);
    }

    fn policy_value_detail(&mut self, v: &PolicyValueDetail) {
        self.string_field("{\"raw\":", &v.raw);
        self.optional_string(",\"resolved\":", v.resolved.as_deref());
        if !v.variables.is_empty() {
            self.raw(",\"variables\":");
            self.list(&v.variables, Writer::variable_detail);
        }
        self.optional_string(",\"parseError\":", v.parse_error.as_deref());
        self.raw("}");
    }

    fn variable_detail(&mut self, v: &VariableDetail) {
        self.string_field("{\"text\":", &v.text);
        self.string_field(",\"name\":", &v.name);
        self.raw(match v.outcome {
            VariableOutcome::Value => ",\"outcome\":\"value\"",
            VariableOutcome::Default => ",\"outcome\":\"default\"",
            VariableOutcome::Unresolvable => ",\"outcome\":\"unresolvable\"",
            VariableOutcome::MultivaluedUnusable => ",\"outcome\":\"multivaluedUnusable\"",
        });
        self.optional_string(",\"value\":", v.value.as_deref());
        self.raw("}");
    }

    fn element_detail(&mut self, e: &ElementDetail) {
        self.string_field("{\"value\":", &e.value);
        self.bool_field(",\"holds\":", e.holds);
        self.string_field(",\"reason\":", e.reason.as_str());
        self.optional_string(",\"parseError\":", e.parse_error.as_deref());
        self.raw("}");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::api::{self, SimulationResult};

    /// An explanation that exercises conditions with qualifiers, variables, parse errors and principals.
    const SCENARIO: &str = r#"{
      "request": {"principal": {"kind": "role-session", "arn": "arn:aws:sts::111122223333:assumed-role/r/s",
                  "tags": {"team": "a\"b"}},
        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k\u00e9", "resourceAccount": "444455556666",
        "context": {"aws:TagKeys": ["x", "y"], "aws:SourceIp": "10.0.0.1", "aws:CurrentTime": "nope"}},
      "policies": {
        "identity": [{"Version": "2012-10-17", "Statement": [
          {"Sid": "S1", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*",
           "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["x", "${aws:PrincipalTag/team}"]},
                         "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "bad"]},
                         "DateLessThanIfExists": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                         "StringEquals": {"aws:username": "${aws:username, 'd'}", "s3:prefix": "${nope}"},
                         "Null": {"aws:MultiFactorAuthAge": "true"}}},
          {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "*"}]}],
        "resource": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject",
           "Resource": "*"}]},
        "scp": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]]
      }}"#;

    fn check(r: &SimulationResult) {
        assert_eq!(r.to_json(), serde_json::to_string(r).unwrap());
    }

    #[test]
    fn traces_are_written_as_serde_writes_them() {
        let r = api::simulate_text(SCENARIO, true);
        let Some(trace) = r.trace.clone() else { panic!("{}", r.to_json()) };
        assert!(trace.policies.iter().any(|p| p.statements.iter().any(|s| !s.conditions.is_empty())));
        check(&r);
        // Every optional field present, then absent.
        let mut full = r.clone();
        let t = full.trace.as_mut().unwrap();
        t.request.principal_account = Some("1".into());
        t.request.resource_account = Some("2".into());
        t.request.access_level = Some("Read".into());
        t.request.resource_type = Some("object".into());
        t.conventions = vec!["c\"1".into(), String::new()];
        for p in &mut t.policies {
            p.level = Some(3);
            p.group = Some("g".into());
            p.note = Some("n\n".into());
            for s in &mut p.statements {
                s.sid = Some("sid".into());
                s.action.pattern = Some("p".into());
                s.resource = Some(s.action.clone());
                s.principal = Some(s.action.clone());
                for c in &mut s.conditions {
                    c.detail.qualifier = Some("ForAnyValue");
                    c.detail.context_key = Some("k".into());
                    c.detail.request_parse_error = Some("e".into());
                    c.detail.elements = Some(Vec::new());
                }
            }
        }
        check(&full);
        let mut bare = r.clone();
        let t = bare.trace.as_mut().unwrap();
        t.request.principal_account = None;
        t.request.resource_account = None;
        t.request.access_level = None;
        t.request.resource_type = None;
        for p in &mut t.policies {
            p.level = None;
            p.group = None;
            p.note = None;
            for s in &mut p.statements {
                s.sid = None;
                s.action.pattern = None;
                s.resource = None;
                s.principal = None;
                for c in &mut s.conditions {
                    c.detail.qualifier = None;
                    c.detail.context_key = None;
                    c.detail.elements = None;
                    for v in &mut c.detail.policy_values {
                        v.resolved = None;
                        v.parse_error = None;
                        v.variables.iter_mut().for_each(|v| v.value = None);
                    }
                }
            }
        }
        bare.text = None;
        check(&bare);
        // The fields this explanation had to have, so the comparisons above covered them.
        let json = r.to_json();
        for field in ["\"elements\":", "\"variables\":", "\"parseError\":", "\"contextKey\":", "\"principal\":{"] {
            assert!(json.contains(field), "{field}");
        }
    }
}
