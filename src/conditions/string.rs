//! String operators (spec/conditions.md §3.1): exact code-point equality, equality ignoring case, and
//! anchored case-sensitive globs for the `Like` pair. Policy values arrive as pieces after variable
//! substitution; text a variable produced is literal (`*` in it is just a star).

use crate::matching::wildcard::{Piece, pieces_match};
use crate::model::BaseOperator;

/// The positive relation of a string operator (the caller negates for the `Not` forms).
pub(crate) fn string_match(base: BaseOperator, pieces: &[Piece<'_>], x: &str) -> bool {
    use BaseOperator::*;
    match base {
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => equals_ignore_case(pieces, x),
        StringLike | StringNotLike => pieces_match(pieces, x),
        // `*` and `?` are ordinary characters outside the Like operators.
        _ => equals(pieces, x),
    }
}

/// Whether the concatenated pieces equal `x`, without building the concatenation.
fn equals(pieces: &[Piece<'_>], x: &str) -> bool {
    let mut rest = x;
    for piece in pieces {
        match rest.strip_prefix(piece.text()) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Equality after case folding both sides (see [`fold`]); ASCII-only text takes a byte-wise shortcut.
fn equals_ignore_case(pieces: &[Piece<'_>], x: &str) -> bool {
    if x.is_ascii() && pieces.iter().all(|p| p.text().is_ascii()) {
        let mut rest = x.as_bytes();
        for piece in pieces {
            let text = piece.text().as_bytes();
            match rest.split_at_checked(text.len()) {
                Some((head, tail)) if head.eq_ignore_ascii_case(text) => rest = tail,
                _ => return false,
            }
        }
        return rest.is_empty();
    }
    let policy = pieces.iter().flat_map(|p| p.text().chars());
    fold(policy).eq(fold(x.chars()))
}

/// Approximates Unicode full case folding by upper- then lower-casing each character, which also folds
/// `ß`/`SS`, final sigma and the long s, where lowercasing alone would not.
fn fold(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    chars.flat_map(char::to_uppercase).flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BaseOperator::*;

    fn m(base: BaseOperator, pattern: &str, x: &str) -> bool {
        string_match(base, &[Piece::Pattern(pattern)], x)
    }

    #[test]
    fn equals_is_exact_and_wildcards_are_literal() {
        assert!(m(StringEquals, "iamuser-admin", "iamuser-admin"));
        assert!(!m(StringEquals, "john", "John"));
        assert!(!m(StringEquals, "admin-*", "admin-1"));
        assert!(m(StringEquals, "admin-*", "admin-*"));
        assert!(!m(StringEquals, "a", "a "));
        assert!(m(StringEquals, "", ""));
        // No Unicode normalisation: precomposed é is not e + combining acute.
        assert!(!m(StringEquals, "\u{e9}", "e\u{301}"));
    }

    #[test]
    fn ignore_case_folds_both_sides() {
        assert!(m(StringEqualsIgnoreCase, "john", "JOHN"));
        assert!(m(StringEqualsIgnoreCase, "PreProd", "preprod"));
        assert!(!m(StringEqualsIgnoreCase, "john", "johnny"));
        assert!(m(StringEqualsIgnoreCase, "ÉTÉ", "été"));
        assert!(m(StringEqualsIgnoreCase, "STRASSE", "straße"));
        assert!(m(StringEqualsIgnoreCase, "ΟΔΟΣ", "οδος"));
        assert!(!m(StringEqualsIgnoreCase, "οδος", "οδoς"), "a Latin o is not an omicron");
        assert!(!m(StringEqualsIgnoreCase, "jo*", "john"));
    }

    #[test]
    fn like_is_an_anchored_case_sensitive_glob() {
        assert!(m(StringLike, "t?.micro", "t2.micro"));
        assert!(!m(StringLike, "t?.micro", "t22.micro"));
        assert!(m(StringLike, "home/*", "home/alice/docs/a.txt"));
        assert!(m(StringLike, "home/*", "home/"));
        assert!(!m(StringLike, "a*b*c", "acb"));
        assert!(m(StringLike, "", ""));
        assert!(!m(StringLike, "", "x"));
        assert!(!m(StringLike, "Dev*", "dev-ops"));
    }

    #[test]
    fn substituted_text_is_literal() {
        let pieces = [Piece::Pattern("home/"), Piece::Literal("*"), Piece::Pattern("/*")];
        assert!(string_match(StringLike, &pieces, "home/*/x"));
        assert!(!string_match(StringLike, &pieces, "home/alice/x"));
        let split = [Piece::Pattern("team-"), Piece::Literal("Blue")];
        assert!(string_match(StringEquals, &split, "team-Blue"));
        assert!(!string_match(StringEquals, &split, "team-Blu"));
        assert!(string_match(StringEqualsIgnoreCase, &split, "TEAM-blue"));
        assert!(!string_match(StringEqualsIgnoreCase, &split, "TEAM-blue!"));
    }
}
