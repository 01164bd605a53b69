//! `Bool` (spec/conditions.md §3.4): `true` / `false`, compared case-insensitively (a convention; AWS only
//! shows lowercase). A request value that is not a boolean never matches.

/// Parses a boolean literal in any letter case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Whether reading `text` rested on the case-insensitivity convention (`True`, `FALSE`).
pub(crate) fn is_convention(text: &str) -> bool {
    text != "true" && text != "false"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_in_any_case() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("FALSE"), Some(false));
        assert!(is_convention("True"));
        assert!(!is_convention("false"));
    }

    #[test]
    fn anything_else_is_not_a_boolean() {
        for bad in ["", "1", "0", "yes", " true", "true ", "t"] {
            assert_eq!(parse_bool(bad), None, "{bad:?}");
        }
    }
}
