//! ARN operators (spec/conditions.md §3.7): `ArnEquals` ≡ `ArnLike`, `ArnNotEquals` ≡ `ArnNotLike`;
//! segment-wise, case-sensitive glob matching through [`crate::matching::arn`]. This file only tells an
//! unparseable side (not a six-segment ARN starting with `arn`) apart from an ordinary mismatch, so the
//! trace can say which.

use crate::matching::arn::{Arn, arn_like};
use crate::matching::wildcard::Piece;

/// `Some(matched)`, or `None` when either side is not an ARN.
pub(crate) fn arn_match(pieces: &[Piece<'_>], x: &str) -> Option<bool> {
    // A match proves both sides are ARNs; only a miss needs telling apart.
    if arn_like(pieces, x) {
        return Some(true);
    }
    if Arn::parse(x).is_none() || !policy_is_arn(pieces) {
        return None;
    }
    Some(false)
}

/// Whether a (substituted) policy value has five segment-separating colons — colons of policy text, not of
/// substituted text — and a first segment of exactly `arn`.
pub(crate) fn policy_is_arn(pieces: &[Piece<'_>]) -> bool {
    let mut colons = 0;
    // Bytes of the first segment seen so far; it must spell `arn` exactly.
    let mut first = 0usize;
    for piece in pieces {
        for b in piece.text().bytes() {
            if b == b':' && !piece.is_literal() {
                if colons == 0 && first != 3 {
                    return false;
                }
                colons += 1;
                if colons == 5 {
                    return true;
                }
            } else if colons == 0 {
                if b"arn".get(first) != Some(&b) {
                    return false;
                }
                first += 1;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, x: &str) -> Option<bool> {
        arn_match(&[Piece::Pattern(pattern)], x)
    }

    #[test]
    fn segment_wise_match() {
        assert_eq!(m("arn:aws:iam::*:role/Admin*", "arn:aws:iam::123456789012:role/AdminRole"), Some(true));
        assert_eq!(
            m(
                "arn:aws:someservice:*:111122223333:finance/*",
                "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
            ),
            Some(false)
        );
        assert_eq!(
            m("arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:PROD"),
            Some(true)
        );
        assert_eq!(
            m(
                "arn:aws:ec2:us-east-1:123456789012:instance/i-12345",
                "arn:aws:ec2:us-east-1:123456789012:INSTANCE/I-12345"
            ),
            Some(false)
        );
    }

    #[test]
    fn either_side_not_an_arn_is_a_parse_error() {
        assert_eq!(m("arn:aws:s3:::*", "not-an-arn"), None);
        assert_eq!(m("arn:aws:s3:::*", "arn:aws:s3::bucket"), None);
        assert_eq!(m("*", "arn:aws:s3:::bucket"), None);
        assert_eq!(m("ARN:aws:s3:::*", "arn:aws:s3:::bucket"), None);
        assert_eq!(m("arn:aws:s3:::*", "ARN:aws:s3:::bucket"), None);
    }

    #[test]
    fn substituted_colons_do_not_separate_segments() {
        let pieces = [Piece::Pattern("arn:aws:iam::123456789012:user/"), Piece::Literal("Bob")];
        assert_eq!(arn_match(&pieces, "arn:aws:iam::123456789012:user/Bob"), Some(true));
        let colon_from_variable = [Piece::Pattern("arn:aws:iam:"), Piece::Literal(":123456789012:user/Bob")];
        assert!(!policy_is_arn(&colon_from_variable));
    }
}
