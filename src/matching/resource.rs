//! `Resource` / `NotResource` element matching (evaluation spec §4.2): an anchored, case-sensitive glob
//! that knows the ARN's colon-separated segments.
//!
//! The pattern's first five `:` (from policy text, never from substituted text) separate segments 1–5;
//! the rest is segment 6. In segments 1–5 `?` and a mid-segment `*` do not match `:`, but a `*` that ends
//! its segment (followed by a separator or by the end of the pattern) may run across colons, so
//! `arn:aws:iam::*` matches every IAM ARN. In segment 6 `*` and `?` match anything, `/` and `:` included.
//! The request resource is not split: this is the spec's regex equivalence (`[^:]*`, `.*`, `[^:]`, `.`).
//! The lone pattern `*` matches everything, the literal request resource `*` included; any other pattern
//! matches the request resource `*` only if it matches that one-character text.
//!
//! Substituted text (a [`Piece::Literal`]) is compared character by character: its `*` and `?` are not
//! wildcards and its `:` is an ordinary character that does not start a new segment (conditions spec §4.7).

use super::bytes;
use super::wildcard::{PatternCursor, Piece, PiecesCursor, Prefix, StrCursor, Token, run, split_literal_prefix};

/// Number of separators before the resource segment (`arn`, partition, service, region, account).
const SEPARATORS: u8 = 5;

/// Does a Resource-element pattern, after variable substitution, match the request resource?
pub fn resource_matches(pieces: &[Piece<'_>], resource: &str) -> bool {
    match pieces {
        [Piece::Pattern(pattern)] => resource_matches_str(pattern, resource),
        _ => run::<ResourceCursor<PiecesCursor<'_, '_>>, false>(
            ResourceCursor::new(PiecesCursor::whole(pieces)),
            resource,
        ),
    }
}

/// [`resource_matches`] for a pattern without substituted text (`${…}` is taken as written).
pub fn resource_matches_str(pattern: &str, resource: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    // A literal head and one final `*` (`arn:aws:s3:::bucket/*`, the commonest form): a `*` that ends the
    // pattern may run over any rest, colons included, in whichever segment it stands.
    if let Some(head) = pattern.strip_suffix('*') {
        if !bytes::contains_either(head.as_bytes(), b'*', b'?') {
            return bytes::starts_with(resource.as_bytes(), head.as_bytes());
        }
    }
    match split_literal_prefix::<false>(pattern, resource) {
        Prefix::Whole(equal) => equal,
        Prefix::Rest(cursor, rest) => {
            // Resume the segment count where the literal prefix left it.
            let colons = cursor.consumed().iter().filter(|&&b| b == b':').count();
            let separators = u8::try_from(colons).unwrap_or(SEPARATORS).min(SEPARATORS);
            run::<ResourceCursor<StrCursor<'_>>, false>(ResourceCursor { raw: cursor, separators }, rest)
        }
    }
}

/// A cursor that reports raw bytes and whether each may act as a wildcard or separator.
trait RawCursor: Copy {
    fn peek_raw(&self) -> Option<(u8, bool)>;
    fn bump(&mut self);
}

impl RawCursor for PiecesCursor<'_, '_> {
    fn peek_raw(&self) -> Option<(u8, bool)> {
        PiecesCursor::peek_raw(self)
    }

    fn bump(&mut self) {
        PatternCursor::bump(self);
    }
}

impl RawCursor for StrCursor<'_> {
    fn peek_raw(&self) -> Option<(u8, bool)> {
        StrCursor::peek_raw(self)
    }

    fn bump(&mut self) {
        PatternCursor::bump(self);
    }
}

/// Adds segment awareness to a raw cursor: counts the separators passed and decides, per wildcard,
/// whether it may cross colons.
#[derive(Clone, Copy)]
struct ResourceCursor<R> {
    raw: R,
    separators: u8,
}

impl<R: RawCursor> ResourceCursor<R> {
    fn new(raw: R) -> ResourceCursor<R> {
        ResourceCursor { raw, separators: 0 }
    }

    fn in_resource_segment(&self) -> bool {
        self.separators >= SEPARATORS
    }

    /// For a `*` in segments 1–5: is the star run it starts followed by a separator or the pattern's end?
    fn star_ends_segment(&self) -> bool {
        let mut ahead = self.raw;
        loop {
            match ahead.peek_raw() {
                Some((b'*', true)) => ahead.bump(),
                None | Some((b':', true)) => return true,
                Some(_) => return false,
            }
        }
    }
}

impl<R: RawCursor> PatternCursor for ResourceCursor<R> {
    fn peek(&self) -> Option<Token> {
        self.raw.peek_raw().map(|(b, wild)| match (b, wild) {
            (b'*', true) => Token::Star { crosses_colon: self.in_resource_segment() || self.star_ends_segment() },
            (b'?', true) => Token::Any { crosses_colon: self.in_resource_segment() },
            _ => Token::Byte(b),
        })
    }

    fn bump(&mut self) {
        if let Some((b':', true)) = self.raw.peek_raw() {
            if !self.in_resource_segment() {
                self.separators += 1;
            }
        }
        self.raw.bump();
    }
}

#[cfg(test)]
mod tests {
    use super::super::wildcard::test_support::{string_of as strategy, text_for};
    use super::*;
    use proptest::prelude::*;

    const S3_PATTERN: &str = "arn:aws:s3:::bucket/*/test/*";

    #[test]
    fn documented_examples_match() {
        for key in [
            "bucket/1/test/object.jpg",
            "bucket/1/2/test/3/object.jpg",
            "bucket/1///test///object.jpg",
            "bucket//test/object.jpg",
            "bucket/1/test/",
        ] {
            assert!(resource_matches_str(S3_PATTERN, &format!("arn:aws:s3:::{key}")), "{key}");
            assert!(resource_matches_str("bucket/*/test/*", key), "{key}");
        }
    }

    #[test]
    fn documented_examples_do_not_match() {
        for key in ["bucket/1-test/object.jpg", "bucket/test/object.jpg", "bucket/1/2/test.jpg"] {
            assert!(!resource_matches_str(S3_PATTERN, &format!("arn:aws:s3:::{key}")), "{key}");
            assert!(!resource_matches_str("bucket/*/test/*", key), "{key}");
        }
    }

    #[test]
    fn trailing_star_in_a_segment_crosses_colons() {
        assert!(resource_matches_str("arn:aws:iam::*", "arn:aws:iam::123456789012:role/Admin"));
        assert!(resource_matches_str("arn:aws:iam::*", "arn:aws:iam::123456789012:user/path/bob"));
        assert!(!resource_matches_str("arn:aws:iam::*", "arn:aws:s3:::bucket"));
        assert!(resource_matches_str("arn:aws:iam::*:role/Admin", "arn:aws:iam::123456789012:role/Admin"));
        assert!(resource_matches_str("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1"));
        // `*` ending segment 4 runs over the account and into the resource.
        assert!(resource_matches_str("arn:aws:logs:*:log-group:x", "arn:aws:logs:us-east-1:111122223333:log-group:x"));
    }

    #[test]
    fn mid_segment_wildcards_do_not_cross_colons() {
        assert!(resource_matches_str("arn:aws:ec2:us-*-1:*:instance/*", "arn:aws:ec2:us-east-1:1:instance/i"));
        assert!(!resource_matches_str("arn:aws:ec2:us-*-1:*:instance/*", "arn:aws:ec2:us-east:x-1:1:instance/i"));
        assert!(resource_matches_str("arn:aws:ec2:us-east-?:1:x", "arn:aws:ec2:us-east-1:1:x"));
        assert!(!resource_matches_str("arn:aws:ec2:us-east?1:1:x", "arn:aws:ec2:us-east:1:1:x"));
        assert!(!resource_matches_str("a*b", "a:b"));
        assert!(resource_matches_str("a*b", "axxb"));
    }

    #[test]
    fn stuck_mid_segment_star_falls_back_to_an_earlier_crossing_star() {
        // The partition `*` must run over `aws:ec2:us-x` before the region's `us-*-1` can match.
        let pattern = "arn:*:ec2:us-*-1:1:x";
        assert!(resource_matches_str(pattern, "arn:aws:ec2:us-x:ec2:us-east-1:1:x"));
        assert!(!resource_matches_str(pattern, "arn:aws:ec2:us-x:ec2:us-ea:st-1:1:x"));
        assert!(resource_matches_str("a*:b*c", "ax:b:y:bzc"));
        assert!(!resource_matches_str("a*:b*c", "ax:b:y:bz:c"));
        assert!(resource_matches_str("*:*é", ":::é"));
        assert!(resource_matches(&[Piece::Pattern("*:*/")], ":::/"));
    }

    #[test]
    fn resource_segment_wildcards_cross_everything() {
        let pattern = "arn:aws:logs:us-east-1:111122223333:log-group:*";
        assert!(resource_matches_str(pattern, "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"));
        assert!(resource_matches_str(
            "arn:aws:logs:us-east-1:1:log-group:a?b",
            "arn:aws:logs:us-east-1:1:log-group:a:b"
        ));
        assert!(resource_matches_str("arn:aws:s3:::b/*x", "arn:aws:s3:::b/a:b/x"));
    }

    #[test]
    fn anchored_and_case_sensitive() {
        assert!(resource_matches_str("arn:aws:s3:::bucket", "arn:aws:s3:::bucket"));
        assert!(!resource_matches_str("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key"));
        assert!(!resource_matches_str("arn:aws:s3:::bucket", "arn:aws:s3:::Bucket"));
        assert!(!resource_matches_str("arn:aws:s3:::bucket", "xarn:aws:s3:::bucket"));
        assert!(!resource_matches_str("ARN:aws:s3:::bucket", "arn:aws:s3:::bucket"));
    }

    #[test]
    fn request_resource_star() {
        assert!(resource_matches_str("*", "*"));
        assert!(resource_matches_str("*", "arn:aws:s3:::b"));
        assert!(resource_matches_str("*", ""));
        assert!(!resource_matches_str("arn:aws:s3:::*", "*"));
        assert!(!resource_matches_str("arn:*", "*"));
        assert!(resource_matches(&[Piece::Pattern("*")], "*"));
        assert!(resource_matches(&[Piece::Pattern(""), Piece::Pattern("*")], "*"));
        assert!(!resource_matches(&[Piece::Literal("x")], "*"));
    }

    #[test]
    fn substituted_text_is_literal() {
        let pieces = [Piece::Pattern("arn:aws:s3:::home/"), Piece::Literal("alice"), Piece::Pattern("/*")];
        assert!(resource_matches(&pieces, "arn:aws:s3:::home/alice/x/y"));
        assert!(!resource_matches(&pieces, "arn:aws:s3:::home/bob/x"));
        let star = [Piece::Pattern("arn:aws:s3:::home/"), Piece::Literal("*"), Piece::Pattern("/*")];
        assert!(!resource_matches(&star, "arn:aws:s3:::home/alice/x"));
        assert!(resource_matches(&star, "arn:aws:s3:::home/*/x"));
        // A substituted colon is a character, not a separator: the `*` after it stays in segment 2 and,
        // being mid-segment, may not cross the colon before `s3`.
        let colon = [Piece::Pattern("arn:"), Piece::Literal("a:"), Piece::Pattern("*x:s3:::b")];
        assert!(resource_matches(&colon, "arn:a:yx:s3:::b"));
        assert!(!resource_matches(&colon, "arn:a:y:zx:s3:::b"));
        // The `*` before a literal colon is not at a segment end either.
        let before = [Piece::Pattern("arn:aws:iam::*"), Piece::Literal(":root")];
        assert!(resource_matches(&before, "arn:aws:iam::123:root"));
        assert!(!resource_matches(&before, "arn:aws:iam::1:2:root"));
    }

    /// Reference tokens, built from the spec's regex equivalence over `(character, is policy text)`.
    fn reference_tokens(chars: &[(char, bool)]) -> Vec<Token> {
        let mut out = Vec::new();
        let mut separators = 0;
        for (i, &(c, policy)) in chars.iter().enumerate() {
            let resource_segment = separators >= 5;
            match (c, policy) {
                ('*', true) => {
                    let after = chars[i..].iter().find(|&&x| x != ('*', true));
                    let ends = matches!(after, None | Some((':', true)));
                    out.push(Token::Star { crosses_colon: resource_segment || ends });
                }
                ('?', true) => out.push(Token::Any { crosses_colon: resource_segment }),
                _ => {
                    if c == ':' && policy && !resource_segment {
                        separators += 1;
                    }
                    let mut buf = [0u8; 4];
                    for &b in c.encode_utf8(&mut buf).as_bytes() {
                        out.push(Token::Byte(b));
                    }
                }
            }
        }
        out
    }

    fn policy_chars(pattern: &str) -> Vec<(char, bool)> {
        pattern.chars().map(|c| (c, true)).collect()
    }

    /// Naive recursive matcher over reference tokens and text characters.
    fn reference(tokens: &[Token], text: &[char]) -> bool {
        match tokens.split_first() {
            None => text.is_empty(),
            Some((Token::Star { crosses_colon }, rest)) => {
                let limit =
                    if *crosses_colon { text.len() } else { text.iter().position(|&c| c == ':').unwrap_or(text.len()) };
                (0..=limit).any(|i| reference(rest, &text[i..]))
            }
            Some((Token::Any { crosses_colon }, rest)) => match text.first() {
                Some(&c) if *crosses_colon || c != ':' => reference(rest, &text[1..]),
                _ => false,
            },
            Some((Token::Byte(_), _)) => {
                // Gather one character's bytes.
                let Some(&c) = text.first() else { return false };
                let mut buf = [0u8; 4];
                let encoded = c.encode_utf8(&mut buf).as_bytes();
                if tokens.len() < encoded.len() {
                    return false;
                }
                let same = encoded.iter().zip(tokens).all(|(b, t)| *t == Token::Byte(*b));
                same && reference(&tokens[encoded.len()..], &text[1..])
            }
        }
    }

    proptest! {
        // Cases where a mid-segment star is stuck at a colon behind a crossing star are rare: run many.
        #![proptest_config(ProptestConfig::with_cases(8192))]

        #[test]
        fn agrees_with_regex_equivalence(
            (pattern, text) in strategy(&['a', 'b', '*', '?', ':', '/', 'é'], 12)
                .prop_flat_map(|p| (Just(p.clone()), text_for(&p, &['a', 'b', ':', '/', 'é'], 14))),
        ) {
            let text_chars: Vec<char> = text.chars().collect();
            prop_assert_eq!(resource_matches_str(&pattern, &text), reference(&reference_tokens(&policy_chars(&pattern)), &text_chars));
        }

        #[test]
        fn pieces_agree_with_regex_equivalence(
            (parts, text) in proptest::collection::vec((any::<bool>(), strategy(&['a', '*', '?', ':', ':', '/'], 6)), 0..5)
                .prop_flat_map(|parts| {
                    let joined: String = parts.iter().map(|(_, s)| s.as_str()).collect();
                    (Just(parts), text_for(&joined, &['a', ':', ':', '/', '*', '?'], 16))
                }),
        ) {
            let pieces: Vec<Piece<'_>> = parts
                .iter()
                .map(|(literal, s)| if *literal { Piece::Literal(s) } else { Piece::Pattern(s) })
                .collect();
            let chars: Vec<(char, bool)> =
                parts.iter().flat_map(|(literal, s)| s.chars().map(move |c| (c, !*literal))).collect();
            let text_chars: Vec<char> = text.chars().collect();
            prop_assert_eq!(resource_matches(&pieces, &text), reference(&reference_tokens(&chars), &text_chars));
        }

        #[test]
        fn single_pattern_piece_equals_string_form(
            pattern in strategy(&['a', '*', '?', ':'], 10),
            text in strategy(&['a', ':'], 10),
        ) {
            let split = pattern.len() / 2;
            let pieces = [Piece::Pattern(&pattern[..split]), Piece::Pattern(&pattern[split..])];
            prop_assert_eq!(resource_matches(&pieces, &text), resource_matches_str(&pattern, &text));
        }
    }
}
