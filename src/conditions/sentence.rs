//! The plain-English sentence of a pair's trace (spec/conditions.md §8), e.g.
//! `aws:SourceIp = 198.51.100.23 is in none of [192.0.2.0/24]`: what was compared and how it came out, for
//! both outcomes of every family, the qualifiers, `IfExists` and `Null`.

use crate::model::BaseOperator;

use super::ReasonCode;
use super::detail::{ClauseDetail, RequestShape, VariableOutcome};

/// How a request value relates to the policy list, for a positive match (`hit`) or not.
fn relation(base: BaseOperator, hit: bool) -> &'static str {
    use BaseOperator::*;
    match (base, hit) {
        (StringEquals | StringNotEquals | Bool, true) => "is one of",
        (StringEquals | StringNotEquals | Bool, false) => "is not one of",
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, true) => "is, ignoring case, one of",
        (StringEqualsIgnoreCase | StringNotEqualsIgnoreCase, false) => "is, ignoring case, none of",
        (StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike, true) => "matches one of",
        (StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike, false) => "matches none of",
        (NumericEquals | NumericNotEquals, true) => "equals one of",
        (NumericEquals | NumericNotEquals, false) => "equals none of",
        (NumericLessThan, true) => "is less than one of",
        (NumericLessThan, false) => "is not less than any of",
        (NumericLessThanEquals, true) => "is at most one of",
        (NumericLessThanEquals, false) => "is greater than all of",
        (NumericGreaterThan, true) => "is greater than one of",
        (NumericGreaterThan, false) => "is not greater than any of",
        (NumericGreaterThanEquals, true) => "is at least one of",
        (NumericGreaterThanEquals, false) => "is less than all of",
        (DateEquals | DateNotEquals, true) => "is the same instant as one of",
        (DateEquals | DateNotEquals, false) => "is not the same instant as any of",
        (DateLessThan, true) => "is before one of",
        (DateLessThan, false) => "is not before any of",
        (DateLessThanEquals, true) => "is at or before one of",
        (DateLessThanEquals, false) => "is after all of",
        (DateGreaterThan, true) => "is after one of",
        (DateGreaterThan, false) => "is not after any of",
        (DateGreaterThanEquals, true) => "is at or after one of",
        (DateGreaterThanEquals, false) => "is before all of",
        (BinaryEquals, true) => "has the same bytes as one of",
        (BinaryEquals, false) => "has the bytes of none of",
        (IpAddress | NotIpAddress, true) => "is in one of",
        (IpAddress | NotIpAddress, false) => "is in none of",
        (Null, true) => "is one of",
        (Null, false) => "is not one of",
    }
}

/// The phrase for a per-element outcome: `holds` already accounts for negation.
fn relation_for(base: BaseOperator, holds: bool) -> &'static str {
    relation(base, holds != base.is_negated())
}

fn holds_word(result: bool) -> &'static str {
    if result { "holds" } else { "fails" }
}

fn list(values: &[String]) -> String {
    format!("[{}]", values.join(", "))
}

impl ClauseDetail {
    /// The policy values as shown in a sentence: resolved text, or the raw text marked unresolved.
    fn policy_list(&self) -> String {
        let shown: Vec<String> = self
            .policy_values
            .iter()
            .map(|v| match &v.resolved {
                Some(text) => text.clone(),
                None => format!("{} (unresolved)", v.raw),
            })
            .collect();
        list(&shown)
    }

    fn absence(&self) -> &'static str {
        match self.request_shape {
            RequestShape::NullSet => "an empty list",
            RequestShape::Scalar => "an empty string",
            _ => "absent",
        }
    }

    /// Notes on unresolvable variables and unparseable values, appended to comparison sentences.
    fn notes(&self) -> String {
        let mut notes = Vec::new();
        for v in &self.policy_values {
            for var in &v.variables {
                match var.outcome {
                    VariableOutcome::Unresolvable => {
                        notes.push(format!("{} is unresolved because the request has no {}", var.text, var.name))
                    }
                    VariableOutcome::MultivaluedUnusable => {
                        notes.push(format!("{} is unresolved because {} has several values", var.text, var.name))
                    }
                    _ => {}
                }
            }
            if let Some(e) = &v.parse_error {
                notes.push(format!("policy value {} is {e}", v.raw));
            }
        }
        if let (Some(e), Some(x)) = (&self.request_parse_error, self.request_values.first()) {
            notes.push(format!("{x} is {e}"));
        }
        for el in self.elements.iter().flatten() {
            if let Some(e) = &el.parse_error {
                notes.push(format!("{} is {e}", el.value));
            }
        }
        if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) }
    }

    /// One plain-English sentence saying what was compared and how it came out, e.g.
    /// `aws:SourceIp = 198.51.100.23 is in none of [192.0.2.0/24]`.
    pub fn sentence(&self) -> String {
        let key = &self.key;
        let op = &self.operator;
        let result = holds_word(self.result);
        let Some(base) = self.base else { return format!("{op} on {key} {result}") };
        match self.reason {
            ReasonCode::KeyMissingPositive | ReasonCode::KeyMissingNegated | ReasonCode::KeyMissingIfExists => {
                format!("{key} is {}, so {op} {result}", self.absence())
            }
            ReasonCode::SetEmptyForAll | ReasonCode::SetEmptyForAny => {
                format!("{key} is {}, so {op} {result} (there is no value to test)", self.absence())
            }
            ReasonCode::NullPresence => {
                let presence =
                    if self.request_shape == RequestShape::Absent || self.request_shape == RequestShape::NullSet {
                        self.absence()
                    } else {
                        "present"
                    };
                let values: Vec<String> = self.policy_values.iter().map(|v| v.raw.clone()).collect();
                let shown = if values.len() == 1 { values.concat() } else { list(&values) };
                format!("{key} is {presence}, so Null {shown} {result}")
            }
            ReasonCode::NullQualifiedConstant => format!("{op} on {key} is always {}", self.result),
            ReasonCode::MultivalueWithoutQualifier => format!(
                "{key} has {} values {} but {op} has no ForAnyValue/ForAllValues qualifier, so it fails",
                self.request_values.len(),
                list(&self.request_values)
            ),
            ReasonCode::EmptyPolicyValues => format!("{op} on {key} lists no values, so it {result}"),
            ReasonCode::Match | ReasonCode::NoMatch | ReasonCode::VariableUnresolved | ReasonCode::ValueParseError => {
                self.comparison_sentence(base)
            }
        }
    }

    fn comparison_sentence(&self, base: BaseOperator) -> String {
        let key = &self.key;
        let policy = self.policy_list();
        let notes = self.notes();
        let Some(elements) = &self.elements else {
            let x = self.request_values.first().map_or("", String::as_str);
            // A negated operator that fails reads as a match; say what that means for the operator.
            let verdict =
                if base.is_negated() && !self.result { format!(", so {} fails", self.operator) } else { String::new() };
            return format!("{key} = {x} {} {policy}{verdict}{notes}", relation_for(base, self.result));
        };
        let all: Vec<String> = elements.iter().map(|e| e.value.clone()).collect();
        let first = |holds: bool| elements.iter().find(|e| e.holds == holds).map_or("", |e| e.value.as_str());
        let for_all = self.qualifier == Some("ForAllValues");
        match (for_all, self.result) {
            (true, true) => format!("every value of {key} {} {} {policy}{notes}", list(&all), relation_for(base, true)),
            (true, false) => format!(
                "{key} value {} {} {policy}, so ForAllValues fails{notes}",
                first(false),
                relation_for(base, false)
            ),
            (false, true) => format!(
                "{key} value {} {} {policy}, so ForAnyValue holds{notes}",
                first(true),
                relation_for(base, true)
            ),
            (false, false) if base.is_negated() => format!(
                "every value of {key} {} {} {policy}, so {} fails{notes}",
                list(&all),
                relation_for(base, false),
                self.operator
            ),
            (false, false) => format!("no value of {key} {} {} {policy}{notes}", list(&all), relation_for(base, true)),
        }
    }
}
