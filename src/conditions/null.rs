//! `Null` (spec/conditions.md §3.8): tests presence only. `true` means "the key is absent", `false` means
//! "the key is present"; several values are ORed; any other value never matches. "Present" excludes an
//! empty list (a null data set) but includes a scalar `""`. Qualified forms are constants (§2.3).

use crate::model::ConditionValue;

use super::bool::parse_bool;

/// Whether a `Null` test with these policy values holds for a key that is (or is not) present.
pub fn null_holds(present: bool, values: &[ConditionValue]) -> bool {
    values.iter().any(|v| parse_bool(&v.text) == Some(!present))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn vals(texts: &[&str]) -> Vec<ConditionValue> {
        texts.iter().map(|t| ConditionValue { text: (*t).into(), span: Span::default() }).collect()
    }

    #[test]
    fn true_means_absent_false_means_present() {
        assert!(null_holds(false, &vals(&["true"])));
        assert!(!null_holds(true, &vals(&["true"])));
        assert!(null_holds(true, &vals(&["false"])));
        assert!(!null_holds(false, &vals(&["False"])));
        assert!(null_holds(false, &vals(&["TRUE"])));
    }

    #[test]
    fn values_are_ored_and_others_never_match() {
        assert!(null_holds(true, &vals(&["true", "false"])));
        assert!(null_holds(false, &vals(&["true", "false"])));
        assert!(!null_holds(false, &vals(&["yes"])));
        assert!(!null_holds(true, &vals(&[])));
    }
}
