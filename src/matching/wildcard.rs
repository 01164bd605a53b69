//! Glob matching: `*` matches any run of characters (possibly empty), `?` exactly one Unicode scalar, the
//! rest is literal, and the whole text must match (anchored). One iterative matcher serves every caller
//! (StringLike, Action, Resource, ARN segments); callers differ only in the *cursor* that feeds it pattern
//! tokens, so plain strings, substituted pieces and ARN-aware resource patterns share the same loop.
//!
//! The matcher works on bytes: literal characters compare byte-wise (UTF-8 keeps that exact), `?` and a
//! growing `*` step over a whole character, so the text position always sits on a character boundary when a
//! wildcard looks at it. It allocates nothing and never recurses.

use std::ops::Deref;

/// One run of a pattern after policy-variable substitution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Policy text: `*` and `?` are wildcards (and, in ARN patterns, `:` separates segments).
    Pattern(&'a str),
    /// Text produced by a variable, a default or a special (`${*}`): every character is literal, never a
    /// wildcard and never an ARN segment separator (conditions spec §4.7).
    Literal(&'a str),
}

impl<'a> Piece<'a> {
    /// The characters of the piece.
    pub fn text(&self) -> &'a str {
        match *self {
            Piece::Pattern(s) | Piece::Literal(s) => s,
        }
    }

    /// True for text produced by a variable.
    pub fn is_literal(&self) -> bool {
        matches!(self, Piece::Literal(_))
    }
}

/// A list of pieces that stores the common single-piece case inline, so that a pattern without variables
/// costs no allocation. Dereferences to `[Piece]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pieces<'a> {
    One(Piece<'a>),
    Many(Vec<Piece<'a>>),
}

impl<'a> Deref for Pieces<'a> {
    type Target = [Piece<'a>];

    fn deref(&self) -> &[Piece<'a>] {
        match self {
            Pieces::One(piece) => std::slice::from_ref(piece),
            Pieces::Many(pieces) => pieces,
        }
    }
}

/// Case-sensitive anchored glob match (`StringLike`): `*` any run including `/` and `:`, `?` one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    match split_literal_prefix::<false>(pattern, text) {
        Prefix::Whole(equal) => equal,
        Prefix::Rest(cursor, rest) => run::<StrCursor<'_>, false>(cursor, rest),
    }
}

/// Like [`glob_match`], but ASCII letters compare case-insensitively (action names). Non-ASCII characters
/// still compare exactly.
pub fn glob_match_ignore_ascii_case(pattern: &str, text: &str) -> bool {
    match split_literal_prefix::<true>(pattern, text) {
        Prefix::Whole(equal) => equal,
        Prefix::Rest(cursor, rest) => run::<StrCursor<'_>, true>(cursor, rest),
    }
}

/// Case-sensitive anchored glob match of substituted pieces: wildcards only in [`Piece::Pattern`] pieces.
pub fn pieces_match(pieces: &[Piece<'_>], text: &str) -> bool {
    match pieces {
        [Piece::Pattern(pattern)] => glob_match(pattern, text),
        [Piece::Literal(literal)] => *literal == text,
        _ => run::<PiecesCursor<'_, '_>, false>(PiecesCursor::whole(pieces), text),
    }
}

/// The outcome of comparing a pattern's wildcard-free beginning with the text.
pub(crate) enum Prefix<'p, 't> {
    /// Decided: the pattern has no wildcard (the flag says whether it equals the text), or its literal
    /// beginning differs from the text (`false`).
    Whole(bool),
    /// The literal beginning matched: the pattern from its first wildcard, and the text after the prefix.
    Rest(StrCursor<'p>, &'t str),
}

/// Most patterns start with a long literal run (`arn:aws:s3:::bucket/`, `s3:Get`): compare it in a tight
/// loop that stops at the first difference, and hand only the rest, from the first wildcard, to [`run`].
pub(crate) fn split_literal_prefix<'p, 't, const FOLD: bool>(pattern: &'p str, text: &'t str) -> Prefix<'p, 't> {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let mut i = 0;
    if !FOLD {
        // Case-sensitive (Resource ARNs): find where the literal run ends, then compare it at once.
        let literal = p.iter().position(|&b| b == b'*' || b == b'?').unwrap_or(p.len());
        if p.get(..literal) != t.get(..literal) {
            return Prefix::Whole(false);
        }
        if literal == p.len() {
            return Prefix::Whole(t.len() == literal);
        }
        i = literal;
    }
    loop {
        match (p.get(i), t.get(i)) {
            (Some(b'*' | b'?'), _) => break,
            (Some(&a), Some(&b)) if bytes_eq::<FOLD>(a, b) => i += 1,
            (None, None) => return Prefix::Whole(true),
            _ => return Prefix::Whole(false),
        }
    }
    // `i` is at an ASCII wildcard of the pattern and the text's bytes before it equal the pattern's (ASCII
    // case aside), so it is a character boundary of the text too.
    match text.get(i..) {
        Some(rest) => Prefix::Rest(StrCursor { bytes: p, pos: i }, rest),
        None => Prefix::Whole(false),
    }
}

/// A pattern token as the matcher sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `*`; `crosses_colon: false` makes it `[^:]*` (Resource segments 1–5).
    Star { crosses_colon: bool },
    /// `?`; `crosses_colon: false` makes it `[^:]`.
    Any { crosses_colon: bool },
    /// A literal byte.
    Byte(u8),
}

/// A position in a pattern. Copy, so the matcher can save it as a back-tracking point.
pub(crate) trait PatternCursor: Copy {
    /// The token at the position, `None` at the end of the pattern.
    fn peek(&self) -> Option<Token>;
    /// Moves past the current token (no-op at the end).
    fn bump(&mut self);
}

/// The UTF-8 length of the character whose first byte is `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

fn bytes_eq<const FOLD: bool>(a: u8, b: u8) -> bool {
    if FOLD { a.eq_ignore_ascii_case(&b) } else { a == b }
}

/// The matcher: two pointers with back-tracking to the last `*`.
///
/// When every `*` may cross colons this is the classic O(n·m) glob loop: a failure only ever re-grows the
/// most recent star, because that star can absorb anything an earlier one could. A star that may not cross
/// colons (`[^:]*`) cannot absorb a text colon, so when it is stuck at one the loop falls back to the most
/// recent colon-crossing star instead. That is complete: between that crossing star and the stuck one every
/// token is colon-free except literal colons, and a literal colon pins its text colon (the first one after
/// the earlier tokens), so re-growing any star in between cannot help. The property tests check this
/// against a naive recursive reference.
pub(crate) fn run<C: PatternCursor, const FOLD: bool>(mut p: C, text: &str) -> bool {
    let text = text.as_bytes();
    let mut t = 0usize;
    // (pattern position after the star run, text position it resumes at, whether it crosses colons)
    let mut last_star: Option<(C, usize, bool)> = None;
    let mut last_crossing: Option<(C, usize)> = None;
    loop {
        let current = text.get(t).copied();
        match (p.peek(), current) {
            (Some(Token::Star { crosses_colon }), _) => {
                let mut crosses = crosses_colon;
                p.bump();
                while let Some(Token::Star { crosses_colon }) = p.peek() {
                    crosses |= crosses_colon;
                    p.bump();
                }
                if crosses && p.peek().is_none() {
                    return true;
                }
                last_star = Some((p, t, crosses));
                if crosses {
                    last_crossing = Some((p, t));
                }
                continue;
            }
            (Some(Token::Any { crosses_colon }), Some(c)) if crosses_colon || c != b':' => {
                t += char_len(c);
                p.bump();
                continue;
            }
            (Some(Token::Byte(b)), Some(c)) if bytes_eq::<FOLD>(b, c) => {
                t += 1;
                p.bump();
                continue;
            }
            (None, None) => return true,
            _ => {}
        }
        // Mismatch: let the last star take one more character.
        if let Some((resume, from, crosses)) = last_star {
            if let Some(c) = text.get(from).copied() {
                if crosses || c != b':' {
                    let next = from + char_len(c);
                    last_star = Some((resume, next, crosses));
                    if crosses {
                        last_crossing = Some((resume, next));
                    }
                    p = resume;
                    t = next;
                    continue;
                }
            }
        }
        // The last star cannot grow (end of text, or a colon it may not cross): an earlier crossing star can.
        if let Some((resume, from)) = last_crossing {
            if let Some(c) = text.get(from).copied() {
                let next = from + char_len(c);
                last_crossing = Some((resume, next));
                last_star = Some((resume, next, true));
                p = resume;
                t = next;
                continue;
            }
        }
        return false;
    }
}

/// A plain pattern string: `*` and `?` are wildcards everywhere.
#[derive(Clone, Copy)]
pub(crate) struct StrCursor<'p> {
    bytes: &'p [u8],
    pos: usize,
}

impl<'p> StrCursor<'p> {
    /// The policy text already consumed (before the position).
    pub(crate) fn consumed(&self) -> &'p [u8] {
        self.bytes.get(..self.pos).unwrap_or_default()
    }

    /// The byte at the position; every byte of a plain pattern is policy text (`true`).
    #[inline]
    pub(crate) fn peek_raw(&self) -> Option<(u8, bool)> {
        self.bytes.get(self.pos).map(|&b| (b, true))
    }
}

impl PatternCursor for StrCursor<'_> {
    #[inline]
    fn peek(&self) -> Option<Token> {
        self.bytes.get(self.pos).map(|&b| match b {
            b'*' => Token::Star { crosses_colon: true },
            b'?' => Token::Any { crosses_colon: true },
            _ => Token::Byte(b),
        })
    }

    #[inline]
    fn bump(&mut self) {
        self.pos += 1;
    }
}

/// A position in a slice of pieces, bounded by an end position (so ARN segments can be matched in place).
/// Positions are `(piece index, byte offset)`, kept normalised: never at the end of a piece unless past the
/// last one.
#[derive(Clone, Copy)]
pub(crate) struct PiecesCursor<'p, 'a> {
    pieces: &'p [Piece<'a>],
    idx: usize,
    off: usize,
    end_idx: usize,
    end_off: usize,
}

impl<'p, 'a> PiecesCursor<'p, 'a> {
    /// All of `pieces`.
    pub(crate) fn whole(pieces: &'p [Piece<'a>]) -> PiecesCursor<'p, 'a> {
        PiecesCursor::range(pieces, (0, 0), (pieces.len(), 0))
    }

    /// From `start` (inclusive) to `end` (exclusive), both `(piece index, byte offset)`.
    pub(crate) fn range(pieces: &'p [Piece<'a>], start: (usize, usize), end: (usize, usize)) -> PiecesCursor<'p, 'a> {
        let mut cursor = PiecesCursor { pieces, idx: start.0, off: start.1, end_idx: end.0, end_off: end.1 };
        cursor.normalise();
        cursor
    }

    fn normalise(&mut self) {
        while let Some(piece) = self.pieces.get(self.idx) {
            if self.off < piece.text().len() {
                break;
            }
            self.idx += 1;
            self.off = 0;
        }
    }

    fn at_end(&self) -> bool {
        self.idx > self.end_idx || (self.idx == self.end_idx && self.off >= self.end_off)
    }

    /// The byte at the position and whether it comes from a [`Piece::Pattern`] (can be a wildcard or a
    /// separator); `None` at the end.
    #[inline]
    pub(crate) fn peek_raw(&self) -> Option<(u8, bool)> {
        if self.at_end() {
            return None;
        }
        let piece = self.pieces.get(self.idx)?;
        let byte = *piece.text().as_bytes().get(self.off)?;
        Some((byte, !piece.is_literal()))
    }
}

impl PatternCursor for PiecesCursor<'_, '_> {
    #[inline]
    fn peek(&self) -> Option<Token> {
        self.peek_raw().map(|(b, pattern)| match (b, pattern) {
            (b'*', true) => Token::Star { crosses_colon: true },
            (b'?', true) => Token::Any { crosses_colon: true },
            _ => Token::Byte(b),
        })
    }

    #[inline]
    fn bump(&mut self) {
        if !self.at_end() {
            self.off += 1;
            self.normalise();
        }
    }
}

/// Test helper shared by the matchers' property tests.
#[cfg(test)]
pub(crate) mod test_support {
    use proptest::prelude::*;

    /// Text that a pattern is likely to match: each `*` / `?` replaced by the next fill (for `?`, its
    /// first character or `a`), then, when `cut` is set, one character removed at `cut` (modulo length).
    pub(crate) fn instantiate(pattern: &str, fills: &[String], cut: Option<usize>) -> String {
        let mut fills = fills.iter().cycle();
        let mut out: Vec<char> = Vec::new();
        for c in pattern.chars() {
            let fill = fills.next().map(String::as_str).unwrap_or("");
            match c {
                '*' => out.extend(fill.chars()),
                '?' => out.push(fill.chars().next().unwrap_or('a')),
                _ => out.push(c),
            }
        }
        if let Some(cut) = cut {
            if !out.is_empty() {
                out.remove(cut % out.len());
            }
        }
        out.into_iter().collect()
    }

    /// A string of up to `max - 1` characters from `alphabet`.
    pub(crate) fn string_of(alphabet: &'static [char], max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(alphabet), 0..max).prop_map(|v| v.into_iter().collect())
    }

    /// A text for `pattern`: random, an instance of the pattern, or an instance with one character cut.
    pub(crate) fn text_for(
        pattern: &str,
        alphabet: &'static [char],
        max: usize,
    ) -> impl Strategy<Value = String> + use<> {
        let pattern = pattern.to_string();
        (0..3u8, string_of(alphabet, max), proptest::collection::vec(string_of(alphabet, 4), 1..4), any::<usize>())
            .prop_map(move |(mode, random, fills, cut)| match mode {
                0 => random,
                1 => instantiate(&pattern, &fills, None),
                _ => instantiate(&pattern, &fills, Some(cut)),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{string_of, text_for};
    use super::*;
    use proptest::prelude::*;

    /// Naive recursive reference: a pattern as a list of chars where `*`/`?` are wildcards.
    fn reference(pattern: &[char], text: &[char]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some(('*', rest)) => (0..=text.len()).any(|i| reference(rest, &text[i..])),
            Some(('?', rest)) => !text.is_empty() && reference(rest, &text[1..]),
            Some((c, rest)) => text.first() == Some(c) && reference(rest, &text[1..]),
        }
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn literal_patterns_compare_exactly() {
        assert!(glob_match("", ""));
        assert!(!glob_match("", "a"));
        assert!(!glob_match("a", ""));
        assert!(glob_match("abc", "abc"));
        assert!(!glob_match("abc", "abcd"));
        assert!(!glob_match("abc", "ab"));
        assert!(!glob_match("abc", "ABC"));
    }

    #[test]
    fn star_matches_any_run_including_slash_and_colon() {
        assert!(glob_match("*", ""));
        assert!(glob_match("*", "anything/at:all"));
        assert!(glob_match("home/*", "home/"));
        assert!(glob_match("home/*", "home/alice/photos/"));
        assert!(glob_match("a*b*c", "a:b/c"));
        assert!(glob_match("a*b*c", "abbbc"));
        assert!(!glob_match("a*b*c", "acb"));
        assert!(glob_match("**a**", "xxa"));
        assert!(glob_match("*.txt", "x.y.txt"));
        assert!(!glob_match("*.txt", "x.txt.gz"));
        assert!(glob_match(
            "arn:aws:someservice:*:111122223333:finance/*",
            "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
        ));
    }

    #[test]
    fn question_mark_is_one_unicode_scalar() {
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        assert!(!glob_match("a?c", "abbc"));
        assert!(glob_match("a?c", "aéc"));
        assert!(glob_match("a?c", "a😀c"));
        assert!(!glob_match("a??c", "aéc"));
        assert!(glob_match("*?", "é"));
        assert!(glob_match("*é?", "xéé"));
        assert!(glob_match("é*", "éa"));
        assert!(!glob_match("é", "e"));
    }

    #[test]
    fn ignore_ascii_case_folds_ascii_only() {
        assert!(glob_match_ignore_ascii_case("s3:get*", "S3:GetObject"));
        assert!(glob_match_ignore_ascii_case("IAM:*AccessKey*", "iam:createaccesskey"));
        assert!(!glob_match_ignore_ascii_case("s3:Get*", "s3:PutObject"));
        assert!(!glob_match_ignore_ascii_case("É", "é"));
        assert!(glob_match_ignore_ascii_case("é?", "éX"));
    }

    #[test]
    fn literal_pieces_never_act_as_wildcards() {
        let pieces = [Piece::Pattern("home/"), Piece::Literal("*"), Piece::Pattern("/*")];
        assert!(pieces_match(&pieces, "home/*/x"));
        assert!(!pieces_match(&pieces, "home/alice/x"));
        let pieces = [Piece::Pattern("file"), Piece::Literal("?"), Piece::Pattern("")];
        assert!(pieces_match(&pieces, "file?"));
        assert!(!pieces_match(&pieces, "fileX"));
        let pieces = [Piece::Literal(""), Piece::Pattern("a*"), Piece::Literal(""), Piece::Literal("b")];
        assert!(pieces_match(&pieces, "axyzb"));
        assert!(!pieces_match(&pieces, "axyz"));
        assert!(pieces_match(&[], ""));
        assert!(!pieces_match(&[], "a"));
        assert!(pieces_match(&[Piece::Pattern("a?")], "ab"));
    }

    #[test]
    fn bounded_cursor_sees_only_its_range() {
        let pieces = [Piece::Pattern("ab:c"), Piece::Literal("d:e"), Piece::Pattern("f*")];
        let cursor = PiecesCursor::range(&pieces, (0, 3), (2, 1));
        assert!(run::<_, false>(cursor, "cd:ef"));
        assert!(!run::<_, false>(cursor, "cd:efg"));
        let cursor = PiecesCursor::range(&pieces, (0, 4), (2, 2));
        assert!(run::<_, false>(cursor, "d:efgh"));
        let empty = PiecesCursor::range(&pieces, (1, 0), (1, 0));
        assert!(run::<_, false>(empty, ""));
        assert!(!run::<_, false>(empty, "d"));
    }

    #[test]
    fn pieces_derefs_to_a_slice() {
        let one = Pieces::One(Piece::Pattern("a"));
        assert_eq!(&*one, &[Piece::Pattern("a")]);
        let many = Pieces::Many(vec![Piece::Pattern("a"), Piece::Literal("b")]);
        assert_eq!(many.len(), 2);
        assert_eq!(many[1].text(), "b");
        assert!(many[1].is_literal());
    }

    #[test]
    fn pathological_pattern_stays_fast() {
        let text = "a".repeat(2000);
        let pattern = format!("{}b", "*a".repeat(50));
        assert!(!glob_match(&pattern, &text));
    }

    fn pattern_strategy() -> impl Strategy<Value = String> {
        string_of(&['a', 'b', '*', '?', '/', ':', 'é'], 8)
    }

    const TEXT: &[char] = &['a', 'b', '/', ':', 'é', '*'];

    proptest! {
        #[test]
        fn glob_match_agrees_with_reference(
            (pattern, text) in pattern_strategy().prop_flat_map(|p| (Just(p.clone()), text_for(&p, TEXT, 10))),
        ) {
            prop_assert_eq!(glob_match(&pattern, &text), reference(&chars(&pattern), &chars(&text)));
        }

        #[test]
        fn ignore_case_equals_match_on_lowercased_ascii(
            (pattern, text) in string_of(&['a', 'B', 'c', 'A', 'b', '*', '?', ':', '/'], 8)
                .prop_flat_map(|p| (Just(p.clone()), text_for(&p, &['a', 'B', 'c', 'A', 'b', 'C', ':', '/'], 10))),
        ) {
            prop_assert_eq!(
                glob_match_ignore_ascii_case(&pattern, &text),
                glob_match(&pattern.to_ascii_lowercase(), &text.to_ascii_lowercase())
            );
        }

        #[test]
        fn pieces_match_agrees_with_reference(
            (parts, text) in proptest::collection::vec((any::<bool>(), pattern_strategy()), 0..4).prop_flat_map(|parts| {
                let joined: String = parts.iter().map(|(_, s)| s.as_str()).collect();
                (Just(parts), text_for(&joined, TEXT, 10))
            }),
        ) {
            let pieces: Vec<Piece<'_>> = parts
                .iter()
                .map(|(literal, s)| if *literal { Piece::Literal(s) } else { Piece::Pattern(s) })
                .collect();
            // Reference: a literal piece's `*`/`?` become private-use characters that only match themselves.
            let mut pattern = Vec::new();
            let mut text_chars = Vec::new();
            for (literal, s) in &parts {
                for c in s.chars() {
                    pattern.push(match (*literal, c) {
                        (true, '*') => '\u{E000}',
                        (true, '?') => '\u{E001}',
                        _ => c,
                    });
                }
            }
            for c in text.chars() {
                text_chars.push(if c == '*' { '\u{E000}' } else { c });
            }
            prop_assert_eq!(pieces_match(&pieces, &text), reference(&pattern, &text_chars));
        }
    }
}
