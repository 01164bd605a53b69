//! The `explain` record of one (operator, key) pair (spec/conditions.md §8): what was compared, how each
//! policy value resolved and parsed, per-element results under a qualifier, the result, the reason code,
//! the convention flag, and a plain-English sentence for the text trace.

use serde::Serialize;

use crate::matching::arn::Arn;
use crate::matching::wildcard::Piece;
use crate::model::{BaseOperator, ConditionClause, ContextEntry, Qualifier};
use crate::source::Span;

use super::operands::Operands;
use super::pair::{ElementTest, PairResult, Shape};
use super::{Family, ReasonCode};

/// The request value's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestShape {
    Absent,
    /// An empty list `[]`, treated as absent.
    NullSet,
    Scalar,
    List,
}

/// What became of one `${...}` variable in a policy value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VariableOutcome {
    /// The request had the key; its value was substituted.
    Value,
    /// The request lacked the key (or it was multivalued); the default was substituted.
    Default,
    /// The request lacked the key and there was no default: the policy value matches nothing.
    Unresolvable,
    /// The key was a list of several values, which cannot be substituted, and there was no default.
    MultivaluedUnusable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariableDetail {
    /// The variable as written, e.g. `${aws:PrincipalTag/team, 'none'}`.
    pub text: String,
    /// The context key it names.
    pub name: String,
    pub outcome: VariableOutcome,
    /// The substituted text, when something was substituted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyValueDetail {
    /// The value as written (JSON numbers and booleans as their source text).
    pub raw: String,
    /// The text after variable substitution; absent when a variable was unresolvable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<VariableDetail>,
    /// Why the value does not parse for the operator's type (`not a date`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse_error: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// One request element under `ForAllValues` / `ForAnyValue`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementDetail {
    pub value: String,
    /// The per-element test (already negated for the negated operators).
    pub holds: bool,
    pub reason: ReasonCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse_error: Option<String>,
}

/// Everything `explain` shows about one (operator, key) pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClauseDetail {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<&'static str>,
    pub base_operator: &'static str,
    pub if_exists: bool,
    /// The key as written in the policy.
    pub key: String,
    /// The request context key it matched, as the request spelled it; omitted when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_key: Option<String>,
    pub request_shape: RequestShape,
    pub request_values: Vec<String>,
    /// Why the (unqualified, scalar) request value does not parse for the operator's type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_parse_error: Option<String>,
    pub policy_values: Vec<PolicyValueDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elements: Option<Vec<ElementDetail>>,
    pub result: bool,
    pub reason: ReasonCode,
    /// A simulator convention (a rule the spec tags `[C]`) decided the result.
    pub convention: bool,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub(crate) base: Option<BaseOperator>,
}

pub(crate) fn qualifier_name(q: Option<Qualifier>) -> Option<&'static str> {
    q.map(|q| match q {
        Qualifier::ForAllValues => "ForAllValues",
        Qualifier::ForAnyValue => "ForAnyValue",
    })
}

/// Why a value does not parse for the family, for the trace.
pub(crate) fn parse_error_text(family: Family) -> &'static str {
    match family {
        Family::Numeric => "not a number",
        Family::Date => "not a date",
        Family::Bool | Family::Null => "not true or false",
        Family::Binary => "not base64",
        Family::Ip => "not an IP address or CIDR range",
        Family::Arn => "not an ARN",
        Family::String => "not valid",
    }
}

/// Builds the record of an evaluated pair.
pub(crate) fn build(
    clause: &ConditionClause,
    entry: Option<ContextEntry<'_>>,
    shape: Shape<'_>,
    ops: &Operands<'_>,
    pair: PairResult,
    elements: Vec<ElementTest>,
) -> ClauseDetail {
    let op = clause.operator;
    let family = Family::of(op.base);
    let (request_shape, request_values) = match shape {
        Shape::Absent => (RequestShape::Absent, Vec::new()),
        Shape::NullSet => (RequestShape::NullSet, Vec::new()),
        Shape::Scalar(s) => (RequestShape::Scalar, vec![s.to_string()]),
        Shape::List(xs) => (RequestShape::List, xs.to_vec()),
    };
    let compared = !matches!(
        pair.reason,
        ReasonCode::KeyMissingPositive
            | ReasonCode::KeyMissingNegated
            | ReasonCode::KeyMissingIfExists
            | ReasonCode::SetEmptyForAll
            | ReasonCode::SetEmptyForAny
            | ReasonCode::MultivalueWithoutQualifier
            | ReasonCode::NullPresence
            | ReasonCode::NullQualifiedConstant
            | ReasonCode::EmptyPolicyValues
    );
    let request_parse_error = match shape {
        Shape::Scalar(x) if compared && op.qualifier.is_none() => request_error(family, x),
        _ => None,
    };
    let policy_values = ops.details(family);
    let elements = op.qualifier.filter(|_| compared).map(|_| {
        elements
            .into_iter()
            .map(|e| ElementDetail {
                parse_error: request_error(family, &e.value),
                value: e.value,
                holds: e.holds,
                reason: e.reason,
            })
            .collect()
    });
    ClauseDetail {
        operator: clause.operator_text.to_string(),
        qualifier: qualifier_name(op.qualifier),
        base_operator: op.base.name(),
        if_exists: op.if_exists,
        key: clause.key.to_string(),
        context_key: entry.map(|e| e.key.to_string()),
        request_shape,
        request_values,
        request_parse_error,
        policy_values,
        elements,
        result: pair.result,
        reason: pair.reason,
        convention: pair.convention,
        span: clause.span,
        base: Some(op.base),
    }
}

/// Why a request value does not parse for the family, if it does not.
fn request_error(family: Family, x: &str) -> Option<String> {
    let ok = match family {
        Family::Numeric => super::parse_decimal(x).is_some(),
        Family::Date => super::parse_date(x).is_some(),
        Family::Bool => super::parse_bool(x).is_some(),
        Family::Binary => super::parse_base64(x).is_some(),
        Family::Ip => super::parse_ip_address(x).is_some(),
        Family::Arn => Arn::parse(x).is_some(),
        Family::String | Family::Null => true,
    };
    match (ok, family) {
        (true, _) => None,
        (false, Family::Ip) => Some("not an IP address".to_string()),
        (false, _) => Some(parse_error_text(family).to_string()),
    }
}

/// Why a policy value does not parse for the family, if it does not (`pieces` after substitution).
pub(crate) fn policy_error(family: Family, text: &str, pieces: &[Piece<'_>]) -> Option<String> {
    let ok = match family {
        Family::Numeric => super::parse_decimal(text).is_some(),
        Family::Date => super::parse_date(text).is_some(),
        Family::Bool => super::parse_bool(text).is_some(),
        Family::Binary => super::parse_base64(text).is_some(),
        Family::Ip => super::parse_ip_range(text).is_some(),
        Family::Arn => super::arn::policy_is_arn(pieces),
        Family::Null => super::parse_bool(text).is_some(),
        Family::String => true,
    };
    if ok { None } else { Some(parse_error_text(family).to_string()) }
}
