//! One (operator, key) pair, spec/conditions.md §2.2: the missing-key table (§2.3), set qualifiers
//! (§2.5, §3.10), a list without qualifier (§2.6), empty policy arrays (§2.7) and `Null` (§3.8). The
//! per-value comparison itself lives in [`super::value`].

use crate::model::{BaseOperator, ConditionClause, ContextValueRef, Qualifier};

use super::ReasonCode;
use super::null::null_holds;
use super::operands::Operands;
use super::value::{Test, value_test};

/// The request value of the tested key, as the evaluator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape<'a> {
    Absent,
    /// An empty list: a null data set, treated as absent everywhere (a convention).
    NullSet,
    Scalar(&'a str),
    List(&'a [String]),
}

impl<'a> Shape<'a> {
    pub(crate) fn of(value: Option<ContextValueRef<'a>>) -> Shape<'a> {
        match value {
            None => Shape::Absent,
            Some(ContextValueRef::Scalar(s)) => Shape::Scalar(s),
            Some(ContextValueRef::List([])) => Shape::NullSet,
            Some(ContextValueRef::List(xs)) => Shape::List(xs),
        }
    }

    /// Absent or `[]`: what §2.3 calls a missing key.
    pub(crate) fn is_missing(self) -> bool {
        matches!(self, Shape::Absent | Shape::NullSet)
    }

    /// The request set under a qualifier: `""` is an empty set there too (a convention). Empty slice when missing.
    fn set(&self) -> &[String] {
        match self {
            Shape::List(xs) => xs,
            _ => &[],
        }
    }
}

/// How one request element fared against the policy values (recorded for `explain`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ElementTest {
    pub value: String,
    pub holds: bool,
    pub reason: ReasonCode,
}

/// The outcome of a pair: the boolean, why, and whether a simulator convention decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PairResult {
    pub result: bool,
    pub reason: ReasonCode,
    pub convention: bool,
}

fn decided(result: bool, reason: ReasonCode, convention: bool) -> PairResult {
    PairResult { result, reason, convention }
}

/// The reason one value test gives for its outcome: a hit is an ordinary match or non-match; a miss may
/// have been caused by an unresolvable variable or an unparseable value.
fn test_reason(test: Test, holds: bool) -> ReasonCode {
    if !test.hit && test.unresolved {
        ReasonCode::VariableUnresolved
    } else if !test.hit && test.parse_error {
        ReasonCode::ValueParseError
    } else if holds {
        ReasonCode::Match
    } else {
        ReasonCode::NoMatch
    }
}

fn test_convention(test: Test, reason: ReasonCode) -> bool {
    test.convention || reason == ReasonCode::ValueParseError
}

/// Evaluates one pair. `elements`, when given, receives every per-element test of a qualified operator
/// and turns off short-circuiting, so `explain` shows them all.
pub(crate) fn eval_pair(
    clause: &ConditionClause,
    shape: Shape<'_>,
    ops: &Operands<'_>,
    mut elements: Option<&mut Vec<ElementTest>>,
) -> PairResult {
    let op = clause.operator;
    let negated = op.base.is_negated();
    // `[]` standing for an absent key, and `""` for an empty set, are conventions (§1.2 rule 4).
    let null_set = shape == Shape::NullSet;

    if op.base == BaseOperator::Null {
        return match op.qualifier {
            // Access Analyzer: ForAllValues:Null is always true, ForAnyValue:Null always false. With a
            // present key AWS's behaviour is ambiguous, so the constant is then our convention.
            Some(q) => decided(q == Qualifier::ForAllValues, ReasonCode::NullQualifiedConstant, !shape.is_missing()),
            None if clause.values.is_empty() => decided(false, ReasonCode::EmptyPolicyValues, true),
            None => decided(null_holds(!shape.is_missing(), &clause.values), ReasonCode::NullPresence, null_set),
        };
    }

    if let Some(q) = op.qualifier {
        let for_all = q == Qualifier::ForAllValues;
        // A scalar is a one-element set; `""` and a missing key are the empty set.
        let scalar = match shape {
            Shape::Scalar(s) if !s.is_empty() => Some(s),
            _ => None,
        };
        let list = shape.set();
        if scalar.is_none() && list.is_empty() {
            let reason = if for_all { ReasonCode::SetEmptyForAll } else { ReasonCode::SetEmptyForAny };
            return decided(for_all, reason, null_set || matches!(shape, Shape::Scalar(_)));
        }
        if clause.values.is_empty() {
            // §2.7: ForAllValues is true only for an empty set, ForAnyValue is always false.
            return decided(false, ReasonCode::EmptyPolicyValues, true);
        }
        return match scalar {
            Some(s) => qualified(op.base, for_all, std::iter::once(s), ops, elements.take()),
            None => qualified(op.base, for_all, list.iter().map(String::as_str), ops, elements.take()),
        };
    }

    match shape {
        Shape::Absent | Shape::NullSet => {
            if op.if_exists {
                decided(true, ReasonCode::KeyMissingIfExists, null_set)
            } else if negated {
                decided(true, ReasonCode::KeyMissingNegated, null_set)
            } else {
                decided(false, ReasonCode::KeyMissingPositive, null_set)
            }
        }
        // §2.6 [C]: a value given as a list is multivalued and needs a set qualifier.
        Shape::List(_) => decided(false, ReasonCode::MultivalueWithoutQualifier, true),
        Shape::Scalar(_) if clause.values.is_empty() => decided(negated, ReasonCode::EmptyPolicyValues, true),
        Shape::Scalar(x) => {
            let test = value_test(op.base, ops, x);
            let holds = test.hit != negated;
            let reason = test_reason(test, holds);
            decided(holds, reason, test_convention(test, reason))
        }
    }
}

/// `ForAllValues` / `ForAnyValue` over a non-empty request set. The reason is that of the first element
/// that decided the result (the first failing one for a false ForAllValues, the first passing one for a
/// true ForAnyValue), or of any element with an error when every element agreed.
fn qualified<'x>(
    base: BaseOperator,
    for_all: bool,
    items: impl Iterator<Item = &'x str>,
    ops: &Operands<'_>,
    mut elements: Option<&mut Vec<ElementTest>>,
) -> PairResult {
    let negated = base.is_negated();
    let mut decisive: Option<(ReasonCode, bool)> = None;
    let mut agreeing_error: Option<(ReasonCode, bool)> = None;
    let mut convention = false;
    for x in items {
        let test = value_test(base, ops, x);
        let holds = test.hit != negated;
        let reason = test_reason(test, holds);
        if let Some(list) = elements.as_deref_mut() {
            list.push(ElementTest { value: x.to_string(), holds, reason });
        }
        // ForAllValues is decided by a failing element, ForAnyValue by a passing one.
        if holds != for_all {
            if decisive.is_none() {
                decisive = Some((reason, test_convention(test, reason)));
            }
            if elements.is_none() {
                break;
            }
        } else {
            convention |= test.convention;
            if agreeing_error.is_none()
                && matches!(reason, ReasonCode::VariableUnresolved | ReasonCode::ValueParseError)
            {
                agreeing_error = Some((reason, test_convention(test, reason)));
            }
        }
    }
    match decisive {
        Some((reason, conv)) => decided(!for_all, reason, conv),
        None => {
            let (reason, conv) =
                agreeing_error.unwrap_or((if for_all { ReasonCode::Match } else { ReasonCode::NoMatch }, convention));
            decided(for_all, reason, conv || convention)
        }
    }
}
