//! The scalar half of the JSON reader: strings (every escape, surrogate pairs, no raw control
//! characters), numbers in JSON's strict grammar kept as their source text, and the literals
//! `true` / `false` / `null` (any other bare word is reported as a forgotten pair of quotes).

use crate::source::Span;

use super::reader::Reader;
use super::{Json, JsonError, JsonValue};

impl Reader<'_> {
    /// A string at the cursor (which is on its opening quote): its unescaped content and its span.
    pub(super) fn string(&mut self) -> Result<(String, Span), JsonError> {
        let start = self.pos;
        self.pos += 1;
        // Most strings have no escapes: find the end first and copy once.
        let plain_end = self
            .bytes
            .get(self.pos..)
            .and_then(|rest| rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20));
        if let Some(len) = plain_end {
            if self.bytes.get(self.pos + len) == Some(&b'"') {
                let out = self.text.get(self.pos..self.pos + len).unwrap_or("").to_string();
                self.pos += len + 1;
                return Ok((out, Span::new(start, self.pos)));
            }
        }
        let mut out = String::new();
        let mut run = self.pos;
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
                    return Ok((out, Span::new(start, self.pos)));
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
                Some(_) => self.pos += 1,
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
    pub(super) fn number(&mut self) -> Result<Json, JsonError> {
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
                return Err(self.syntax(format!("invalid number: expected a digit after '-', found {}", self.describe_here())));
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
        let text = self.text.get(start..self.pos).unwrap_or("").to_string();
        Ok(Json { value: JsonValue::Number(text), span: Span::new(start, self.pos) })
    }

    pub(super) fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// `true`, `false`, `null`, or an unquoted word (reported as such: usually a forgotten pair of quotes).
    pub(super) fn word(&mut self) -> Result<Json, JsonError> {
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
