//! The scalar half of the JSON reader: strings (every escape, surrogate pairs, no raw control
//! characters), numbers in JSON's strict grammar kept as their source text, and the literals
//! `true` / `false` / `null` (any other bare word is reported as a forgotten pair of quotes).

use crate::source::Span;

use super::reader::{Reader, span};
use super::{Json, JsonError, JsonValue};

impl<'a> Reader<'a> {
    /// A string at the cursor (which is on its opening quote): its unescaped content and its span.
    // `always`: one call per string and key costs more than the usual string's scan.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<(&'a str, Span), JsonError> {
        let start = self.pos;
        // Most strings have no escapes: find where the plain run stops, and if that is the closing quote
        // the string is a slice of the text.
        let run = start + 1;
        let end = run + plain_run(self.bytes.get(run..).unwrap_or_default(), &mut self.high_bits);
        if self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok((self.text.get(run..end).unwrap_or(""), span(start, end + 1)));
        }
        self.pos = end;
        self.string_with_escapes(start, run)
    }

    /// The rest of a string that has an escape or an error at the cursor; `run` is where its content starts.
    #[cold]
    #[inline(never)]
    fn string_with_escapes(&mut self, start: usize, run: usize) -> Result<(&'a str, Span), JsonError> {
        let mut out = String::new();
        let mut run = run;
        loop {
            match self.peek() {
                None => {
                    return Err(self.syntax_at(
                        Span::new(start, self.pos),
                        "unterminated string: expected a closing '\"'".to_string(),
                    ));
                }
                Some(b'"') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok((self.arena.alloc_str(&out), Span::new(start, self.pos)));
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    out.push(self.escape()?);
                    run = self.pos;
                }
                Some(b'\n' | b'\r') => {
                    return Err(self.syntax(
                        "line break inside a string: close the string with '\"' or write the break as \\n".to_string(),
                    ));
                }
                Some(b) if b < 0x20 => {
                    return Err(self.syntax(format!(
                        "control character U+{b:04X} inside a string must be escaped (e.g. \\t or \\u{b:04X})"
                    )));
                }
                // Not a stop byte, so the run is at least one byte long.
                Some(_) => {
                    let bytes = self.bytes.get(self.pos..).unwrap_or_default();
                    self.pos += plain_run(bytes, &mut self.high_bits).max(1);
                }
            }
        }
    }

    /// An escape sequence at the cursor (on the backslash); leaves the cursor after it.
    pub(super) fn escape(&mut self) -> Result<char, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4(start)?;
                return self.unicode_escape(start, unit);
            }
            _ => {
                let end = self.pos + self.char_here().map_or(0, char::len_utf8);
                let shown = self.text.get(start..end).unwrap_or("\\");
                return Err(self.syntax_at(
                    Span::new(start, end),
                    format!(
                        "invalid escape '{shown}': valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"
                    ),
                ));
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// Four hex digits at the cursor (after `\u`); `escape_start` is the backslash, for the error span.
    pub(super) fn hex4(&mut self, escape_start: usize) -> Result<u32, JsonError> {
        let mut unit = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| (b as char).to_digit(16));
            match digit {
                Some(d) => {
                    unit = unit * 16 + d;
                    self.pos += 1;
                }
                None => {
                    return Err(self.syntax_at(
                        Span::new(escape_start, self.pos),
                        "\\u must be followed by four hexadecimal digits".to_string(),
                    ));
                }
            }
        }
        Ok(unit)
    }

    /// Combines `\uD83D\uDE00` surrogate pairs; a lone surrogate is an error (it is not a character).
    pub(super) fn unicode_escape(&mut self, start: usize, unit: u32) -> Result<char, JsonError> {
        if (0xDC00..0xE000).contains(&unit) {
            return Err(self.syntax_at(
                Span::new(start, self.pos),
                format!("lone low surrogate \\u{unit:04X}: it must follow a high surrogate (\\uD800-\\uDBFF)"),
            ));
        }
        if (0xD800..0xDC00).contains(&unit) {
            let lone = || {
                format!("lone high surrogate \\u{unit:04X}: it must be followed by a low surrogate (\\uDC00-\\uDFFF)")
            };
            if self.bytes.get(self.pos) != Some(&b'\\') || self.bytes.get(self.pos + 1) != Some(&b'u') {
                return Err(self.syntax_at(Span::new(start, self.pos), lone()));
            }
            let second = self.pos;
            self.pos += 2;
            let low = self.hex4(second)?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.syntax_at(Span::new(start, self.pos), lone()));
            }
            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            return char::from_u32(code).ok_or_else(|| self.syntax_at(Span::new(start, self.pos), lone()));
        }
        // Not a surrogate, so always a valid scalar value; the fallback is unreachable in practice.
        Ok(char::from_u32(unit).unwrap_or('\u{fffd}'))
    }

    /// A number in JSON's strict grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    pub(super) fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.syntax("invalid number: leading zeros are not allowed".to_string()));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => {
                return Err(
                    self.syntax(format!("invalid number: expected a digit after '-', found {}", self.describe_here()))
                );
            }
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.syntax(format!(
                    "invalid number: expected a digit after the decimal point, found {}",
                    self.describe_here()
                )));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.syntax(format!(
                    "invalid number: expected a digit in the exponent, found {}",
                    self.describe_here()
                )));
            }
            self.digits();
        }
        let text = self.text.get(start..self.pos).unwrap_or("");
        Ok(Json { value: JsonValue::Number(text), span: Span::new(start, self.pos) })
    }

    pub(super) fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// `true`, `false`, `null`, or an unquoted word (reported as such: usually a forgotten pair of quotes).
    pub(super) fn word(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        let span = Span::new(start, self.pos);
        let value = match self.text.get(start..self.pos).unwrap_or("") {
            "true" => JsonValue::Bool(true),
            "false" => JsonValue::Bool(false),
            "null" => JsonValue::Null,
            word => {
                let shown: String = word.chars().take(40).collect();
                return Err(self.syntax_at(
                    span,
                    format!(
                        "expected a JSON value, found `{shown}`: strings must be in double quotes; the only bare words are true, false and null"
                    ),
                ));
            }
        };
        Ok(Json { value, span })
    }
}

/// How many bytes from the start of `bytes` need no attention inside a string: up to the first `"`, `\\` or
/// control character (or all of them). Eight bytes are tested at a time with word arithmetic; string
/// contents are most of a policy, and a byte-by-byte loop with three comparisons was the reader's largest
/// cost. The bytes looked at are OR-ed into `high_bits` (whose high bits then tell of non-ASCII text).
#[inline(always)]
fn plain_run(bytes: &[u8], high_bits: &mut u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut done = 0;
    let mut seen = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        seen |= x;
        // A byte of `v` is zero -> the high bit of that byte in `zero(v)` is set (exact for the lowest such
        // byte, which is all we look at: borrows only run towards higher bytes).
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        let quote = zero(x ^ (ONES * u64::from(b'"')));
        let backslash = zero(x ^ (ONES * u64::from(b'\\')));
        // Bytes below 0x20: subtracting 0x20 borrows into the high bit, unless the byte is >= 0x80.
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let stop = quote | backslash | control;
        if stop != 0 {
            *high_bits |= seen;
            return done + (stop.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    let tail = chunks.remainder();
    let run = tail.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(tail.len());
    for &b in tail.get(..run).unwrap_or_default() {
        seen |= u64::from(b);
    }
    *high_bits |= seen;
    done + run
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan stops exactly where a byte-by-byte one does, at every position of every
    /// chunk, with multi-byte characters around (their bytes are >= 0x80 and never stop it).
    #[test]
    fn plain_run_agrees_with_a_byte_loop() {
        let naive = |b: &[u8]| b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(b.len());
        for stop in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
            for len in 0..20 {
                for at in 0..=len {
                    let mut bytes: Vec<u8> = "aé😀 ~\u{7f}".bytes().cycle().take(len).collect();
                    if at < len {
                        bytes[at] = stop;
                    }
                    let mut high = 0;
                    assert_eq!(plain_run(&bytes, &mut high), naive(&bytes), "{bytes:?}");
                    let run = &bytes[..naive(&bytes)];
                    if !run.is_ascii() {
                        assert_ne!(high & 0x8080_8080_8080_8080, 0, "{bytes:?}: non-ASCII in the run is seen");
                    }
                }
            }
        }
        // Two stops in one word: the first counts; bytes 0x20 and 0xff never stop.
        let mut high = 0;
        assert_eq!(plain_run(b"ab\\cd\"ef", &mut high), 2);
        assert_eq!(high & 0x8080_8080_8080_8080, 0);
        assert_eq!(plain_run(&[0x20, 0xff, 0x80, 0x21, 0x20, 0xff, 0x80, 0x21, 0x1f], &mut high), 8);
        assert_ne!(high & 0x8080_8080_8080_8080, 0);
    }

    #[test]
    fn strings_without_escapes_are_slices_of_the_text() {
        let text = r#""plain text here" "a\nb""#;
        let arena = bumpalo::Bump::new();
        let mut r = Reader::new(text, &arena, 8);
        let (s, span) = r.string().unwrap();
        assert_eq!((s, span), ("plain text here", Span::new(0, 17)));
        assert!(std::ptr::eq(s.as_ptr(), text[1..].as_ptr()), "a slice of the text");
        r.pos += 1;
        let (s, span) = r.string().unwrap();
        assert_eq!((s, span), ("a\nb", Span::new(18, 24)));
        assert!(arena.allocated_bytes() > 0, "unescaped into the arena");
    }
}
