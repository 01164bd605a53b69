//! The Condition element: one [`ConditionClause`] per (operator, key) pair, in source order.

use crate::source::Span;

use super::list::OneOrMany;
use super::text::PolicyStr;

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    ForAllValues,
    ForAnyValue,
}

/// Declares [`BaseOperator`] with [`BaseOperator::ALL`] and [`BaseOperator::name`] from one list, so
/// the three cannot drift apart: a variant's name is the operator's name as IAM spells it.
macro_rules! base_operators {
    ($($op:ident),+ $(,)?) => {
        /// The base operator, without qualifier or `IfExists`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum BaseOperator {
            $($op),+
        }

        impl BaseOperator {
            /// Every base operator, in the order of IAM's operator reference.
            pub const ALL: [BaseOperator; [$(BaseOperator::$op),+].len()] = [$(BaseOperator::$op),+];

            /// The operator's name, as IAM spells it (case-sensitive).
            pub const fn name(self) -> &'static str {
                match self {
                    $(BaseOperator::$op => stringify!($op)),+
                }
            }
        }
    };
}

base_operators! {
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
    pub text: PolicyStr,
    pub span: Span,
}

/// One (operator, key) pair of a statement's Condition block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionClause {
    pub operator: Operator,
    /// The operator name as written.
    pub operator_text: PolicyStr,
    pub operator_span: Span,
    /// The key as written, and in ASCII lowercase for lookups.
    pub key: PolicyStr,
    pub key_lower: PolicyStr,
    pub key_span: Span,
    pub values: OneOrMany<ConditionValue>,
    /// Span of the whole `"key": value` member.
    pub span: Span,
}

impl BaseOperator {
    pub fn parse(name: &str) -> Option<BaseOperator> {
        // The names of each length (a test checks every operator is listed under its own): a name is then
        // compared with two or three candidates, not with all 27.
        use BaseOperator::*;
        let candidates: &[BaseOperator] = match name.len() {
            4 => &[Bool, Null],
            7 => &[ArnLike],
            9 => &[IpAddress, ArnEquals],
            10 => &[StringLike, DateEquals, ArnNotLike],
            12 => &[StringEquals, DateLessThan, BinaryEquals, NotIpAddress, ArnNotEquals],
            13 => &[StringNotLike, NumericEquals, DateNotEquals],
            15 => &[StringNotEquals, NumericLessThan, DateGreaterThan],
            16 => &[NumericNotEquals],
            18 => &[NumericGreaterThan, DateLessThanEquals],
            21 => &[NumericLessThanEquals, DateGreaterThanEquals],
            22 => &[StringEqualsIgnoreCase],
            24 => &[NumericGreaterThanEquals],
            25 => &[StringNotEqualsIgnoreCase],
            _ => &[],
        };
        candidates.iter().copied().find(|c| c.name() == name)
    }

    /// The eight negated operators (spec/conditions.md §2.4): true on a missing key, NOR over values.
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }
}

/// Why an operator name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperatorError {
    /// Not an operator IAM knows (names are case-sensitive).
    Unknown,
    /// `NullIfExists` and its qualified forms.
    NullIfExists,
}

impl Operator {
    /// Parses `[ForAllValues:|ForAnyValue:]Base[IfExists]`, case-sensitively.
    pub fn parse(name: &str) -> Result<Operator, OperatorError> {
        let (qualifier, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(Qualifier::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(Qualifier::ForAnyValue), r)
        } else {
            (None, name)
        };
        if let Some(base) = BaseOperator::parse(rest) {
            return Ok(Operator { qualifier, base, if_exists: false });
        }
        match rest.strip_suffix("IfExists").map(BaseOperator::parse) {
            Some(Some(BaseOperator::Null)) => Err(OperatorError::NullIfExists),
            Some(Some(base)) => Ok(Operator { qualifier, base, if_exists: true }),
            _ => Err(OperatorError::Unknown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qualified_ifexists_operators() {
        let op = Operator::parse("ForAllValues:StringNotLikeIfExists").unwrap();
        assert_eq!(
            op,
            Operator { qualifier: Some(Qualifier::ForAllValues), base: BaseOperator::StringNotLike, if_exists: true }
        );
        assert_eq!(Operator::parse("Bool").unwrap().base, BaseOperator::Bool);
        for base in BaseOperator::ALL {
            assert_eq!(BaseOperator::parse(base.name()), Some(base));
        }
        assert_eq!(BaseOperator::parse(""), None);
        assert_eq!(BaseOperator::parse("Boolean"), None);
    }

    #[test]
    fn refuses_wrong_case_plural_qualifier_and_null_if_exists() {
        assert_eq!(Operator::parse("stringEquals"), Err(OperatorError::Unknown));
        assert_eq!(Operator::parse("ForAnyValues:StringEquals"), Err(OperatorError::Unknown));
        assert_eq!(Operator::parse("NullIfExists"), Err(OperatorError::NullIfExists));
        assert_eq!(Operator::parse("ForAnyValue:NullIfExists"), Err(OperatorError::NullIfExists));
        assert_eq!(Operator::parse("IfExists"), Err(OperatorError::Unknown));
    }
}
