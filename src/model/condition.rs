//! The Condition element: one [`ConditionClause`] per (operator, key) pair, in source order.

use crate::source::Span;

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    ForAllValues,
    ForAnyValue,
}

/// The base operator, without qualifier or `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// A parsed operator name such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub qualifier: Option<Qualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// One policy value of a condition key, normalised to text (`true`, `1.50` keep their source text).
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionValue {
    pub text: String,
    pub span: Span,
}

/// One (operator, key) pair of a statement's Condition block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionClause {
    pub operator: Operator,
    /// The operator name as written.
    pub operator_text: String,
    pub operator_span: Span,
    /// The key as written, and in ASCII lowercase for lookups.
    pub key: String,
    pub key_lower: String,
    pub key_span: Span,
    pub values: Vec<ConditionValue>,
    /// Span of the whole `"key": value` member.
    pub span: Span,
}
