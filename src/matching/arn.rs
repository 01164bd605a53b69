//! ARNs: splitting `arn:partition:service:region:account:resource` into its six segments, and the ARN
//! condition operators' matcher (`ArnEquals`/`ArnLike` and their negations, conditions spec §3.7).
//!
//! The operators compare strictly segment by segment: the first five colons on each side are fixed
//! boundaries, so a `*` in partition, service, region or account never covers a colon, while one in the
//! resource segment may (those colons belong to the segment). This differs on purpose from
//! [`super::resource`], where a segment-ending `*` may run across colons (the spec's documented conflict).
//! On the policy side only colons of policy text separate segments; a colon produced by a variable is an
//! ordinary character, which is why the split happens on substituted [`Piece`]s.

use super::wildcard::{Piece, PiecesCursor, glob_match, run};

/// An ARN split at its first five colons. The resource keeps any further colons and slashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `s` into six segments; `None` when it has fewer or its first segment is not exactly `arn`.
    /// Segments may be empty (IAM and S3 ARNs have an empty region, S3 an empty account).
    pub fn parse(s: &'a str) -> Option<Arn<'a>> {
        // One byte scan for the five colons (`splitn` costs several times more, and every request parses
        // its principal's and its resource's ARN, and conditions parse more).
        let rest = s.strip_prefix("arn:")?;
        let mut cut = [0usize; 4];
        let mut found = 0;
        for (i, b) in rest.bytes().enumerate() {
            if b == b':' {
                let Some(slot) = cut.get_mut(found) else { break };
                *slot = i;
                found += 1;
                if found == cut.len() {
                    break;
                }
            }
        }
        if found < cut.len() {
            return None;
        }
        let [a, b, c, d] = cut;
        Some(Arn {
            partition: rest.get(..a)?,
            service: rest.get(a + 1..b)?,
            region: rest.get(b + 1..c)?,
            account: rest.get(c + 1..d)?,
            resource: rest.get(d + 1..)?,
        })
    }

    /// Partition, service, region, account and resource, in ARN order.
    pub fn segments(&self) -> [&'a str; 5] {
        [self.partition, self.service, self.region, self.account, self.resource]
    }
}

/// The ARN condition operators' match: does the (substituted) policy value match the request value?
/// False when either side is not a six-segment ARN starting with `arn`.
pub fn arn_like(pieces: &[Piece<'_>], value: &str) -> bool {
    let Some(arn) = Arn::parse(value) else {
        return false;
    };
    if let [Piece::Pattern(pattern)] = pieces {
        // Without substituted text every colon is a separator: split like the value.
        let Some(policy) = Arn::parse(pattern) else {
            return false;
        };
        return policy.segments().into_iter().zip(arn.segments()).all(|(p, v)| glob_match(p, v));
    }
    let Some(separators) = separators(pieces) else {
        return false;
    };
    if !first_segment_is_arn(pieces, separators[0]) {
        return false;
    }
    let mut start = after(separators[0]);
    for (i, text) in arn.segments().into_iter().enumerate() {
        let end = separators.get(i + 1).copied().unwrap_or((pieces.len(), 0));
        if !run::<PiecesCursor<'_, '_>, false>(PiecesCursor::range(pieces, start, end), text) {
            return false;
        }
        start = after(end);
    }
    true
}

/// [`arn_like`] for a policy value without substituted text.
pub fn arn_like_str(pattern: &str, value: &str) -> bool {
    arn_like(&[Piece::Pattern(pattern)], value)
}

/// The position just past a separator (`PiecesCursor::range` normalises an end-of-piece position).
fn after((idx, off): (usize, usize)) -> (usize, usize) {
    (idx, off + 1)
}

/// Positions `(piece, byte offset)` of the first five colons of policy text; `None` if there are fewer.
fn separators(pieces: &[Piece<'_>]) -> Option<[(usize, usize); 5]> {
    let mut found = [(0usize, 0usize); 5];
    let mut count = 0;
    for (idx, piece) in pieces.iter().enumerate() {
        let Piece::Pattern(text) = piece else { continue };
        for (off, _) in text.bytes().enumerate().filter(|&(_, b)| b == b':') {
            if let Some(slot) = found.get_mut(count) {
                *slot = (idx, off);
                count += 1;
            }
            if count == found.len() {
                return Some(found);
            }
        }
    }
    None
}

/// Is the policy value's text before the first separator exactly `arn`?
fn first_segment_is_arn(pieces: &[Piece<'_>], end: (usize, usize)) -> bool {
    let mut cursor = PiecesCursor::range(pieces, (0, 0), end);
    for expected in b"arn" {
        match cursor.peek_raw() {
            Some((b, _)) if b == *expected => super::wildcard::PatternCursor::bump(&mut cursor),
            _ => return false,
        }
    }
    cursor.peek_raw().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_splits_at_the_first_five_colons() {
        let arn = Arn::parse("arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s").unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "logs");
        assert_eq!(arn.region, "us-east-1");
        assert_eq!(arn.account, "111122223333");
        assert_eq!(arn.resource, "log-group:g:log-stream:s");
        let s3 = Arn::parse("arn:aws:s3:::bucket/key").unwrap();
        assert_eq!(s3.segments(), ["aws", "s3", "", "", "bucket/key"]);
        assert_eq!(Arn::parse("arn:aws:iam::1:").unwrap().resource, "");
    }

    #[test]
    fn parse_rejects_non_arns() {
        assert_eq!(Arn::parse("not-an-arn"), None);
        assert_eq!(Arn::parse("arn:aws:s3::bucket"), None);
        assert_eq!(Arn::parse("ARN:aws:s3:::bucket"), None);
        assert_eq!(Arn::parse("xarn:aws:s3:::bucket"), None);
        assert_eq!(Arn::parse("*"), None);
        assert_eq!(Arn::parse(""), None);
    }

    #[test]
    fn documented_contrast_with_string_like() {
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!arn_like_str(pattern, value));
        assert!(glob_match(pattern, value));
        assert!(arn_like_str(pattern, "arn:aws:someservice:us-east-2:111122223333:finance/document.txt"));
    }

    #[test]
    fn segment_wise_glob() {
        assert!(arn_like_str("arn:aws:iam::*:role/Admin*", "arn:aws:iam::123456789012:role/AdminRole"));
        assert!(!arn_like_str("arn:aws:iam::*:role/Admin*", "arn:aws:iam::123456789012:user/AdminRole"));
        assert!(arn_like_str(
            "arn:aws:lambda:*:123456789012:function:*",
            "arn:aws:lambda:us-east-1:123456789012:function:f:PROD"
        ));
        assert!(arn_like_str(
            "arn:aws:sns:us-west-2:123456789012:TOPIC-ID",
            "arn:aws:sns:us-west-2:123456789012:TOPIC-ID"
        ));
        assert!(!arn_like_str(
            "arn:aws:sns:us-west-2:123456789012:TOPIC-ID",
            "arn:aws:sns:us-west-2:777788889999:TOPIC-ID"
        ));
        assert!(arn_like_str("arn:aws:ec2:us-east-?:*:*", "arn:aws:ec2:us-east-1:1:instance/i"));
        assert!(arn_like_str("arn:*:*:*:*:*", "arn:aws:s3:::b"));
        // The region `*` may not reach into the account: segments are fixed.
        assert!(!arn_like_str("arn:aws:ec2:*:instance/i", "arn:aws:ec2:us-east-1:1:instance/i"));
    }

    #[test]
    fn case_sensitive() {
        assert!(!arn_like_str(
            "arn:aws:ec2:us-east-1:123456789012:instance/i-12345",
            "arn:aws:ec2:us-east-1:123456789012:INSTANCE/I-12345"
        ));
        assert!(!arn_like_str("arn:AWS:s3:::b", "arn:aws:s3:::b"));
    }

    #[test]
    fn either_side_must_be_a_six_segment_arn() {
        assert!(!arn_like_str("arn:aws:s3:::*", "not-an-arn"));
        assert!(!arn_like_str("*", "arn:aws:s3:::b"));
        assert!(!arn_like_str("arn:aws:*", "arn:aws:s3:::b"));
        assert!(!arn_like_str("a*:aws:s3:::b", "arn:aws:s3:::b"));
        assert!(!arn_like_str("ar?:aws:s3:::b", "arn:aws:s3:::b"));
        assert!(!arn_like_str("arnx:aws:s3:::b", "arn:aws:s3:::b"));
        assert!(!arn_like_str("ar:aws:s3:::b", "arn:aws:s3:::b"));
    }

    #[test]
    fn substituted_pieces() {
        let pieces = [Piece::Pattern("arn:aws:iam::123456789012:user/"), Piece::Literal("Bob")];
        assert!(arn_like(&pieces, "arn:aws:iam::123456789012:user/Bob"));
        assert!(!arn_like(&pieces, "arn:aws:iam::123456789012:user/Bobby"));
        // A substituted `*` is literal.
        let star = [Piece::Pattern("arn:aws:iam::"), Piece::Literal("*"), Piece::Pattern(":user/x")];
        assert!(!arn_like(&star, "arn:aws:iam::1:user/x"));
        assert!(arn_like(&star, "arn:aws:iam::*:user/x"));
        // A substituted colon does not separate segments, so this value has too few separators.
        let colon = [Piece::Pattern("arn:aws:iam:"), Piece::Literal(":1:"), Piece::Pattern("user/x")];
        assert!(!arn_like(&colon, "arn:aws:iam::1:user/x"));
        // Separators may sit at piece edges and the `arn` may come from several pieces.
        let split = [
            Piece::Pattern("ar"),
            Piece::Literal(""),
            Piece::Pattern("n:"),
            Piece::Literal("aws"),
            Piece::Pattern(":s3:"),
            Piece::Pattern(":"),
            Piece::Pattern(":"),
            Piece::Literal("b:c"),
        ];
        assert!(arn_like(&split, "arn:aws:s3:::b:c"));
        assert!(!arn_like(&split, "arn:aws:s3:::b:d"));
        let literal_arn = [Piece::Literal("arn"), Piece::Pattern(":aws:s3:::*")];
        assert!(arn_like(&literal_arn, "arn:aws:s3:::b"));
    }
}
