//! Numeric operators (spec/conditions.md §3.2): exact decimal comparison of request and policy values.
//!
//! Values are compared as decimal text — sign, then integer digits, then fraction digits — so long values
//! such as epoch seconds or `0.1` compare exactly, which `f64` cannot promise. No allocation.

use std::cmp::Ordering;

use crate::model::BaseOperator;

/// A decimal number borrowed from its text: `-007.50` is `{ negative, int: "7", frac: "5" }`.
/// Zero is always non-negative with empty digit strings, so `-0` == `0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal<'a> {
    pub negative: bool,
    /// Integer digits without leading zeros.
    pub int: &'a str,
    /// Fraction digits without trailing zeros.
    pub frac: &'a str,
}

/// Parses the accepted numeric text `^[+-]?(\d+(\.\d*)?|\.\d+)$`: no whitespace, exponent, hex, `NaN` or
/// `Infinity` (a convention: AWS only says "integers or decimals").
pub fn parse_decimal(text: &str) -> Option<Decimal<'_>> {
    let bytes = text.as_bytes();
    let (negative, start) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    // One pass over the bytes: digits and at most one `.` (every request parses a few numbers and dates,
    // and the policy values are parsed per comparison).
    let mut dot = None;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if b == b'.' && dot.is_none() {
            dot = Some(i);
        } else if !b.is_ascii_digit() {
            return None;
        }
    }
    let (int, frac) = match dot {
        Some(at) => (text.get(start..at)?, text.get(at + 1..)?),
        None => (text.get(start..)?, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let leading_zeros = int.bytes().take_while(|&b| b == b'0').count();
    let int = int.get(leading_zeros..)?;
    let trailing_zeros = frac.bytes().rev().take_while(|&b| b == b'0').count();
    let frac = frac.get(..frac.len() - trailing_zeros)?;
    let negative = negative && !(int.is_empty() && frac.is_empty());
    Some(Decimal { negative, int, frac })
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => magnitude(self, other),
            (true, true) => magnitude(other, self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares absolute values: more integer digits is larger; equal lengths compare digit by digit, and
/// fraction digits (trailing zeros gone) compare lexicographically.
fn magnitude(a: &Decimal<'_>, b: &Decimal<'_>) -> Ordering {
    a.int.len().cmp(&b.int.len()).then_with(|| a.int.cmp(b.int)).then_with(|| a.frac.cmp(b.frac))
}

/// Whether `ordering` (request value compared with the policy value) satisfies the positive relation of
/// a numeric or date operator: `x < p` for `…LessThan`, and so on. `…NotEquals` tests `=` (the caller
/// negates).
pub(crate) fn relation_holds(base: BaseOperator, ordering: Ordering) -> bool {
    use BaseOperator::*;
    match base {
        NumericLessThan | DateLessThan => ordering == Ordering::Less,
        NumericLessThanEquals | DateLessThanEquals => ordering != Ordering::Greater,
        NumericGreaterThan | DateGreaterThan => ordering == Ordering::Greater,
        NumericGreaterThanEquals | DateGreaterThanEquals => ordering != Ordering::Less,
        _ => ordering == Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain reading of the grammar, as the parser was first written: the one-pass parser must agree.
    fn reference(text: &str) -> Option<Decimal<'_>> {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let (int, frac) = (int.trim_start_matches('0'), frac.trim_end_matches('0'));
        Some(Decimal { negative: negative && !(int.is_empty() && frac.is_empty()), int, frac })
    }

    #[test]
    fn one_pass_parsing_agrees_with_the_grammar() {
        let alphabet = ["", "0", "1", "9", ".", "-", "+", "00", "e", " ", "é"];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in ["", "0", "5", "."] {
                        let text = format!("{a}{b}{c}{d}");
                        assert_eq!(parse_decimal(&text), reference(&text), "{text:?}");
                    }
                }
            }
        }
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        parse_decimal(a).unwrap().cmp(&parse_decimal(b).unwrap())
    }

    #[test]
    fn accepts_the_documented_text_forms() {
        assert_eq!(parse_decimal("007.50"), Some(Decimal { negative: false, int: "7", frac: "5" }));
        assert_eq!(parse_decimal("-.5"), Some(Decimal { negative: true, int: "", frac: "5" }));
        assert_eq!(parse_decimal("+1."), Some(Decimal { negative: false, int: "1", frac: "" }));
        assert_eq!(parse_decimal("-0.000"), Some(Decimal { negative: false, int: "", frac: "" }));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in ["", "+", "-", ".", "1e3", " 1", "1 ", "0x10", "NaN", "Infinity", "1.2.3", "1,5", "--1", "١"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn compares_exact_decimal_values() {
        assert_eq!(cmp("2.0", "2"), Ordering::Equal);
        assert_eq!(cmp("1.0", "01"), Ordering::Equal);
        assert_eq!(cmp("-0", "0"), Ordering::Equal);
        assert_eq!(cmp("10", "9.999"), Ordering::Greater);
        assert_eq!(cmp("0.05", "0.5"), Ordering::Less);
        assert_eq!(cmp("0.5", "0.51"), Ordering::Less);
        assert_eq!(cmp("-2", "-10"), Ordering::Greater);
        assert_eq!(cmp("-1", "0.1"), Ordering::Less);
        // f64 cannot tell these apart; exact comparison can.
        assert_eq!(cmp("9007199254740993", "9007199254740992"), Ordering::Greater);
        assert_eq!(cmp("0.30000000000000000001", "0.3"), Ordering::Greater);
    }

    #[test]
    fn relations_read_request_against_policy() {
        use BaseOperator::*;
        assert!(relation_holds(NumericLessThan, cmp("3000", "3600")));
        assert!(!relation_holds(NumericLessThan, cmp("3600", "3600")));
        assert!(relation_holds(NumericLessThanEquals, cmp("3600", "3600")));
        assert!(relation_holds(NumericGreaterThan, cmp("3601", "3600")));
        assert!(!relation_holds(NumericGreaterThanEquals, cmp("3599", "3600")));
        assert!(relation_holds(NumericNotEquals, cmp("10", "10.0")));
    }
}
