//! Condition operators: one file per operator family, plus the IfExists / ForAnyValue / ForAllValues / Null
//! rules of spec/conditions.md.
//!
//! [`evaluate_clause`] decides one (operator, key) pair of a statement's Condition block against the
//! request context; [`evaluate_block`] ANDs a block, [`explain_block`] does the same without
//! short-circuit and with a [`ClauseDetail`] per pair. The value parsers ([`parse_date`],
//! [`parse_decimal`], [`parse_ip_range`], ...) are public so the validator can type-check policy values.
//! This module reads the context; it never builds it, and it knows nothing of statements or decisions.

mod arn;
mod binary;
mod bool;
mod date;
mod detail;
mod ip;
mod null;
mod numeric;
mod operands;
mod pair;
mod sentence;
mod string;
mod value;

use serde::Serialize;

use crate::model::{BaseOperator, ConditionClause, Context};

pub use binary::parse_base64;
pub use bool::parse_bool;
pub use date::{DateForm, DateValue, parse_date};
pub use detail::{ClauseDetail, ElementDetail, PolicyValueDetail, RequestShape, VariableDetail, VariableOutcome};
pub use ip::{IpRange, IpValue, parse_ip_address, parse_ip_range};
pub use numeric::{Decimal, parse_decimal};

use operands::Operands;
use pair::{Shape, eval_pair};

/// Why a pair came out the way it did (spec/conditions.md §8). `Match` means the pair holds after an
/// ordinary comparison, `NoMatch` that it fails after one — for negated operators too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    Match,
    NoMatch,
    /// Positive operator, key absent (or `[]`): false.
    KeyMissingPositive,
    /// Negated operator, key absent: true.
    KeyMissingNegated,
    /// `…IfExists`, key absent: true.
    KeyMissingIfExists,
    /// `ForAllValues:` on an empty or missing set: true.
    SetEmptyForAll,
    /// `ForAnyValue:` on an empty or missing set: false.
    SetEmptyForAny,
    /// `Null` tested presence.
    NullPresence,
    /// `ForAllValues:Null` (always true) or `ForAnyValue:Null` (always false).
    NullQualifiedConstant,
    /// A list given to an operator without set qualifier: false.
    MultivalueWithoutQualifier,
    /// A policy variable could not be resolved, so its value matched nothing.
    VariableUnresolved,
    /// A value did not parse for the operator's type, so its comparison was false.
    ValueParseError,
    /// The policy gave `[]` as the values.
    EmptyPolicyValues,
}

impl ReasonCode {
    /// The stable UPPER_SNAKE code.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Match => "MATCH",
            ReasonCode::NoMatch => "NO_MATCH",
            ReasonCode::KeyMissingPositive => "KEY_MISSING_POSITIVE",
            ReasonCode::KeyMissingNegated => "KEY_MISSING_NEGATED",
            ReasonCode::KeyMissingIfExists => "KEY_MISSING_IFEXISTS",
            ReasonCode::SetEmptyForAll => "SET_EMPTY_FORALL",
            ReasonCode::SetEmptyForAny => "SET_EMPTY_FORANY",
            ReasonCode::NullPresence => "NULL_PRESENCE",
            ReasonCode::NullQualifiedConstant => "NULL_QUALIFIED_CONSTANT",
            ReasonCode::MultivalueWithoutQualifier => "MULTIVALUE_WITHOUT_QUALIFIER",
            ReasonCode::VariableUnresolved => "VARIABLE_UNRESOLVED",
            ReasonCode::ValueParseError => "VALUE_PARSE_ERROR",
            ReasonCode::EmptyPolicyValues => "EMPTY_POLICY_VALUES",
        }
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The operator families of §3; they decide parsing, variables and wildcards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Family {
    pub fn of(base: BaseOperator) -> Family {
        use BaseOperator::*;
        match base {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }

    /// Whether `${...}` in policy values is substituted (§4.1): String and ARN, and Bool by convention.
    /// Elsewhere the text stays literal.
    pub fn allows_variables(self) -> bool {
        matches!(self, Family::String | Family::Arn | Family::Bool)
    }

    /// Whether the family parses values (so a value can fail to parse): all but String.
    pub fn is_typed(self) -> bool {
        !matches!(self, Family::String)
    }
}

/// Why a policy value can never compare under `base` (`"not a date"`, `"not an ARN"`, ...), or `None` when
/// it parses for the operator's family — for the validator's type-mismatch findings. String values always
/// pass; `Bool` and ARN values holding `${...}` are judged with each variable standing for unknown text.
pub fn policy_value_error(base: BaseOperator, text: &str) -> Option<&'static str> {
    let family = Family::of(base);
    let has_variables = crate::matching::variables::has_variables(text);
    let ok = match family {
        Family::String => true,
        Family::Numeric => parse_decimal(text).is_some(),
        Family::Date => parse_date(text).is_some(),
        Family::Bool => has_variables || parse_bool(text).is_some(),
        Family::Null => parse_bool(text).is_some(),
        Family::Binary => parse_base64(text).is_some(),
        Family::Ip => parse_ip_range(text).is_some(),
        Family::Arn => arn::policy_is_arn(&variables_as_literals(text)),
    };
    if ok { None } else { Some(detail::parse_error_text(family)) }
}

/// Splits policy text into pieces where each `${...}` token is literal (its colons separate nothing).
fn variables_as_literals(text: &str) -> Vec<crate::matching::wildcard::Piece<'_>> {
    use crate::matching::wildcard::Piece;
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else { break };
        pieces.push(Piece::Pattern(rest.get(..start).unwrap_or_default()));
        pieces.push(Piece::Literal(rest.get(start..=start + len).unwrap_or_default()));
        rest = rest.get(start + len + 1..).unwrap_or_default();
    }
    pieces.push(Piece::Pattern(rest));
    pieces
}

/// The outcome of one (operator, key) pair.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseOutcome {
    pub result: bool,
    pub reason: ReasonCode,
    /// A simulator convention (a rule the spec tags `[C]`) decided the result.
    pub convention: bool,
    /// Present when asked for (`detail = true`).
    pub detail: Option<ClauseDetail>,
}

/// Evaluates one (operator, key) pair against the request context.
///
/// `variables_enabled` is the policy's `Version` gate (2012-10-17). `missing` receives the clause key, as
/// written, when the request lacks it (absent or `[]`), and any key a policy variable read that the
/// request lacks; a key already there (in any letter case) is not added again. With `detail = false`
/// nothing is allocated unless the clause has variables or a key is missing.
pub fn evaluate_clause(
    clause: &ConditionClause,
    ctx: &Context,
    variables_enabled: bool,
    missing: &mut Vec<String>,
    detail: bool,
) -> ClauseOutcome {
    let entry = ctx.get_lower(&clause.key_lower);
    let shape = Shape::of(entry.map(|e| e.value));
    if shape.is_missing() {
        note_missing(missing, &clause.key);
    }
    // When the policy values cannot matter, variables are not read (nor reported missing); `explain` still
    // resolves them, for display only.
    let needless = needless_resolution(clause, shape);
    let mut scratch = Vec::new();
    let sink = if needless { &mut scratch } else { &mut *missing };
    let ops = Operands::new(clause, ctx, variables_enabled && (detail || !needless), sink, detail);
    if !detail {
        let pair = eval_pair(clause, shape, &ops, None);
        return ClauseOutcome { result: pair.result, reason: pair.reason, convention: pair.convention, detail: None };
    }
    let mut elements = Vec::new();
    let pair = eval_pair(clause, shape, &ops, Some(&mut elements));
    let detail = detail::build(clause, entry, shape, &ops, pair, elements);
    ClauseOutcome { result: pair.result, reason: pair.reason, convention: pair.convention, detail: Some(detail) }
}

/// Whether the outcome cannot depend on policy values, so variables need not be resolved (and the keys
/// they name are not reported missing): a missing key outside `Null`, or any `Null` clause.
fn needless_resolution(clause: &ConditionClause, shape: Shape<'_>) -> bool {
    let op = clause.operator;
    if op.base == BaseOperator::Null {
        return true;
    }
    match op.qualifier {
        None => !matches!(shape, Shape::Scalar(_)),
        Some(_) => shape.is_missing() || shape == Shape::Scalar(""),
    }
}

fn note_missing(missing: &mut Vec<String>, key: &str) {
    if !missing.iter().any(|m| m.eq_ignore_ascii_case(key)) {
        missing.push(key.to_string());
    }
}

/// ANDs a Condition block (an empty block holds). Stops at the first false pair, so `missing` then lacks
/// the keys of later pairs; use [`explain_block`] to evaluate every pair.
pub fn evaluate_block(
    clauses: &[ConditionClause],
    ctx: &Context,
    variables_enabled: bool,
    missing: &mut Vec<String>,
) -> bool {
    clauses.iter().all(|c| evaluate_clause(c, ctx, variables_enabled, missing, false).result)
}

/// Evaluates every pair of a block (no short-circuit) with details; the result is their AND.
pub fn explain_block(
    clauses: &[ConditionClause],
    ctx: &Context,
    variables_enabled: bool,
    missing: &mut Vec<String>,
) -> (bool, Vec<ClauseOutcome>) {
    let outcomes: Vec<ClauseOutcome> =
        clauses.iter().map(|c| evaluate_clause(c, ctx, variables_enabled, missing, true)).collect();
    (outcomes.iter().all(|o| o.result), outcomes)
}

#[cfg(test)]
mod tests;
