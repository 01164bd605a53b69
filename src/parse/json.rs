//! Our own JSON reader. It keeps a byte span on every value and key, keeps numbers as their source text
//! (`1.50` stays `1.50`), rejects duplicate keys at any level (serde and `JSON.parse` silently keep the last
//! one, which would let a typo'd policy mean something else) and meets deep or huge input with an explicit
//! error instead of a stack overflow. It knows nothing about policies or scenarios.

use std::collections::HashMap;

use crate::model::Diagnostic;
use crate::source::{SourceText, Span};

/// Input limits. Nesting is checked before descending, so no input can overflow the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most arrays/objects open at once.
    pub max_depth: usize,
    /// Largest accepted text, in bytes.
    pub max_bytes: usize,
}

impl Limits {
    /// Depth far beyond any policy (a condition value sits at depth 6) or scenario (about 11).
    pub const MAX_DEPTH: usize = 64;

    /// A whole scenario: room for every policy slot filled at the simulator's own size limit.
    pub fn scenario() -> Limits {
        Limits { max_depth: Limits::MAX_DEPTH, max_bytes: 16 * 1024 * 1024 }
    }

    /// One policy text: 131,072 characters (checked separately) of at most 4 bytes each.
    pub fn policy() -> Limits {
        Limits { max_depth: Limits::MAX_DEPTH, max_bytes: 4 * super::POLICY_MAX_CHARS }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::scenario()
    }
}

/// A JSON value with the span it covers (a string's span includes its quotes).
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    pub value: JsonValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// The number's source text, e.g. `"1.50"`, `"-3e2"`.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in source order (keys are unique: duplicates are an error).
    Object(Vec<Member>),
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    /// Span of the key including its quotes.
    pub key_span: Span,
    pub value: Json,
}

impl Member {
    /// From the key's opening quote to the end of the value.
    pub fn span(&self) -> Span {
        self.key_span.cover(self.value.span)
    }
}

impl Json {
    /// "a string", "an object", ... for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            JsonValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match &self.value {
            JsonValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            JsonValue::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, JsonValue::Null)
    }

    /// The member named `key` of an object (exact, case-sensitive).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The value of the member named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.member(key).map(|m| &m.value)
    }

    /// The first byte of the value (a `{` or `[` for containers), for "missing element" diagnostics.
    pub fn opening(&self) -> Span {
        let end = if self.span.end > self.span.start { self.span.start + 1 } else { self.span.start };
        Span { start: self.span.start, end }
    }
}

/// Why the text is not acceptable JSON: a code (`JSON_SYNTAX`, `DUPLICATE_KEY`, `JSON_TOO_DEEP`,
/// `INPUT_TOO_LARGE`), a message saying what was expected, and the span of the spot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub code: &'static str,
    pub message: String,
    pub span: Span,
}

impl JsonError {
    /// The error as an error diagnostic located in `origin` (the text that was parsed).
    pub fn to_diagnostic(&self, origin: &SourceText, source: &str) -> Diagnostic {
        Diagnostic::error(self.code, self.message.clone())
            .with_source(source)
            .with_range(origin.range(self.span))
    }
}

/// Parses one JSON value (surrounded by optional whitespace; a leading byte-order mark is skipped).
pub fn parse_json(text: &str, limits: &Limits) -> Result<Json, JsonError> {
    if text.len() > limits.max_bytes {
        return Err(JsonError {
            code: "INPUT_TOO_LARGE",
            message: format!(
                "the input is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_bytes
            ),
            span: Span::new(0, 0),
        });
    }
    let mut reader = Reader { text, bytes: text.as_bytes(), pos: 0, max_depth: limits.max_depth };
    if text.starts_with('\u{feff}') {
        reader.pos = '\u{feff}'.len_utf8();
    }
    let value = reader.value(0)?;
    reader.skip_whitespace()?;
    if reader.pos < reader.bytes.len() {
        let hint = match reader.peek() {
            Some(b',' | b'{' | b'[' | b'"') => ": a document holds exactly one JSON value",
            _ => "",
        };
        return Err(reader.syntax(format!(
            "unexpected {} after the end of the JSON value{hint}",
            reader.describe_here()
        )));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_here(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    /// Span of the character at the cursor (empty at the end of the input).
    fn span_here(&self) -> Span {
        let width = self.char_here().map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + width)
    }

    fn describe_here(&self) -> String {
        match self.char_here() {
            None => "the end of the input".to_string(),
            Some(c) => describe_char(c),
        }
    }

    fn syntax(&self, message: String) -> JsonError {
        JsonError { code: "JSON_SYNTAX", message, span: self.span_here() }
    }

    fn syntax_at(&self, span: Span, message: String) -> JsonError {
        JsonError { code: "JSON_SYNTAX", message, span }
    }

    /// Skips JSON whitespace; other whitespace-like characters (no-break space from a copy-paste, comments)
    /// get their own message because they are the usual culprits.
    fn skip_whitespace(&mut self) -> Result<(), JsonError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' => {
                    return Err(self.syntax("comments are not allowed in JSON".to_string()));
                }
                _ => {
                    if let Some(c) = self.char_here().filter(|c| !c.is_ascii() && c.is_whitespace()) {
                        return Err(self.syntax(format!(
                            "unexpected {}: JSON allows only spaces, tabs and line breaks between values",
                            describe_char(c)
                        )));
                    }
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.skip_whitespace()?;
        match self.peek() {
            None => Err(self.syntax("expected a JSON value, found the end of the input".to_string())),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (text, span) = self.string()?;
                Ok(Json { value: JsonValue::String(text), span })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'\'') => Err(self.syntax("strings must be in double quotes (\"), not single quotes".to_string())),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.word(),
            Some(_) => Err(self.syntax(format!("expected a JSON value, found {}", self.describe_here()))),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), JsonError> {
        if depth >= self.max_depth {
            return Err(JsonError {
                code: "JSON_TOO_DEEP",
                message: format!("arrays and objects are nested more than {} levels deep", self.max_depth),
                span: self.span_here(),
            });
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        self.skip_whitespace()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json { value: JsonValue::Object(members), span: Span::new(start, self.pos) });
        }
        loop {
            self.skip_whitespace()?;
            match self.peek() {
                Some(b'"') => {}
                Some(b'\'') => {
                    return Err(self.syntax("member names must be in double quotes (\"), not single quotes".to_string()));
                }
                _ => {
                    let or_close = if members.is_empty() { " or '}'" } else { "" };
                    return Err(self.syntax(format!(
                        "expected a member name in double quotes{or_close}, found {}",
                        self.describe_here()
                    )));
                }
            }
            let (key, key_span) = self.string()?;
            if let Some(&first) = seen.get(&key) {
                let line = self.line_of(first as usize);
                return Err(JsonError {
                    code: "DUPLICATE_KEY",
                    message: format!(
                        "duplicate key \"{key}\" (first at line {line}): a key may appear only once in an object"
                    ),
                    span: key_span,
                });
            }
            seen.insert(key.clone(), key_span.start);
            self.skip_whitespace()?;
            if self.peek() != Some(b':') {
                return Err(self.syntax(format!(
                    "expected ':' after the member name \"{key}\", found {}",
                    self.describe_here()
                )));
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_span, value });
            self.skip_whitespace()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.span_here();
                    self.pos += 1;
                    self.skip_whitespace()?;
                    if self.peek() == Some(b'}') {
                        return Err(self.syntax_at(
                            comma,
                            "trailing comma: expected another member after ',' (JSON does not allow a comma before '}')"
                                .to_string(),
                        ));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json { value: JsonValue::Object(members), span: Span::new(start, self.pos) });
                }
                _ => {
                    let hint = if self.peek() == Some(b'"') { " (a comma may be missing)" } else { "" };
                    return Err(self.syntax(format!(
                        "expected ',' or '}}' after an object member, found {}{hint}",
                        self.describe_here()
                    )));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json { value: JsonValue::Array(items), span: Span::new(start, self.pos) });
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.span_here();
                    self.pos += 1;
                    self.skip_whitespace()?;
                    if self.peek() == Some(b']') {
                        return Err(self.syntax_at(
                            comma,
                            "trailing comma: expected another element after ',' (JSON does not allow a comma before ']')"
                                .to_string(),
                        ));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json { value: JsonValue::Array(items), span: Span::new(start, self.pos) });
                }
                _ => {
                    let hint = if self.peek() == Some(b'"') { " (a comma may be missing)" } else { "" };
                    return Err(self.syntax(format!(
                        "expected ',' or ']' after an array element, found {}{hint}",
                        self.describe_here()
                    )));
                }
            }
        }
    }

    /// A string at the cursor (which is on its opening quote): its unescaped content and its span.
    fn string(&mut self) -> Result<(String, Span), JsonError> {
        let start = self.pos;
        self.pos += 1;
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
    fn escape(&mut self) -> Result<char, JsonError> {
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
    fn hex4(&mut self, escape_start: usize) -> Result<u32, JsonError> {
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
    fn unicode_escape(&mut self, start: usize, unit: u32) -> Result<char, JsonError> {
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
    fn number(&mut self) -> Result<Json, JsonError> {
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

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// `true`, `false`, `null`, or an unquoted word (reported as such: usually a forgotten pair of quotes).
    fn word(&mut self) -> Result<Json, JsonError> {
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

    fn line_of(&self, offset: usize) -> usize {
        self.bytes.get(..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) + 1
    }
}

fn describe_char(c: char) -> String {
    if c.is_control() || (c.is_whitespace() && c != ' ') {
        let name = match c {
            '\u{a0}' => " (no-break space)",
            '\u{feff}' => " (byte-order mark)",
            '\u{200b}' => " (zero-width space)",
            _ => "",
        };
        format!("U+{:04X}{name}", c as u32)
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    fn parse(text: &str) -> Result<Json, JsonError> {
        parse_json(text, &Limits::scenario())
    }

    /// (code, start line, start column, end line, end column) of the error.
    fn error_at(text: &str) -> (&'static str, u32, u32, u32, u32, String) {
        let err = parse(text).unwrap_err();
        let range = SourceText::new(text).range(err.span);
        (err.code, range.start.line, range.start.column, range.end.line, range.end.column, err.message)
    }

    fn string_of(text: &str) -> String {
        parse(text).unwrap().as_str().unwrap().to_string()
    }

    #[test]
    fn values_and_spans() {
        let json = parse(" {\"a\": [1, true, null, \"x\"], \"b\": {}} ").unwrap();
        assert_eq!(json.span, Span::new(1, 37));
        let members = json.as_object().unwrap();
        assert_eq!(members[0].key, "a");
        assert_eq!(members[0].key_span, Span::new(2, 5));
        let items = members[0].value.as_array().unwrap();
        assert_eq!(items[0].value, JsonValue::Number("1".into()));
        assert_eq!(items[1].value, JsonValue::Bool(true));
        assert_eq!(items[2].value, JsonValue::Null);
        assert_eq!(items[3].span, Span::new(23, 26), "string span covers the quotes");
        assert_eq!(members[1].value.as_object().unwrap().len(), 0);
        assert_eq!(members[0].span(), Span::new(2, 27));
    }

    #[test]
    fn numbers_keep_their_source_text() {
        for n in ["0", "-0", "1.50", "-3e2", "2E+10", "1.0e-5", "123456789012345678901234567890"] {
            assert_eq!(parse(n).unwrap().value, JsonValue::Number(n.to_string()), "{n}");
        }
    }

    #[test]
    fn malformed_numbers() {
        assert_eq!(error_at("01").0, "JSON_SYNTAX");
        assert_eq!(error_at("01").5, "invalid number: leading zeros are not allowed");
        let (code, _, c, _, ec, msg) = error_at("[1.]");
        assert_eq!((code, c, ec), ("JSON_SYNTAX", 4, 5));
        assert_eq!(msg, "invalid number: expected a digit after the decimal point, found ']'");
    }

    #[test]
    fn escapes_and_surrogate_pairs() {
        assert_eq!(string_of(r#""a\"b\\c\/d\b\f\n\r\t""#), "a\"b\\c/d\u{8}\u{c}\n\r\t");
        assert_eq!(string_of(r#""\u00e9\u0041""#), "éA");
        assert_eq!(string_of(r#""\uD83D\uDE00!""#), "😀!");
        assert_eq!(string_of("\"é😀 raw\""), "é😀 raw");
    }

    #[test]
    fn lone_surrogates_are_errors() {
        let (code, l, c, _, ec, msg) = error_at(r#""x\uD83D""#);
        assert_eq!((code, l, c, ec), ("JSON_SYNTAX", 1, 3, 9));
        assert!(msg.starts_with("lone high surrogate \\uD83D"), "{msg}");
        let (_, _, c, _, ec, msg) = error_at(r#""\uDE00""#);
        assert_eq!((c, ec), (2, 8));
        assert!(msg.starts_with("lone low surrogate"), "{msg}");
        let (_, _, c, _, ec, _) = error_at(r#""\uD83D\u0041""#);
        assert_eq!((c, ec), (2, 14));
    }

    #[test]
    fn bad_escapes() {
        let (code, _, c, _, ec, msg) = error_at(r#""a\qb""#);
        assert_eq!((code, c, ec), ("JSON_SYNTAX", 3, 5));
        assert!(msg.starts_with("invalid escape '\\q'"), "{msg}");
        let (_, _, c, _, ec, msg) = error_at(r#""\u12G4""#);
        assert_eq!((c, ec), (2, 6));
        assert_eq!(msg, "\\u must be followed by four hexadecimal digits");
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let text = "{\n  \"Effect\": \"Deny\",\n  \"Effect\": \"Allow\"\n}";
        let (code, l, c, el, ec, msg) = error_at(text);
        assert_eq!((code, l, c, el, ec), ("DUPLICATE_KEY", 3, 3, 3, 11));
        assert_eq!(msg, "duplicate key \"Effect\" (first at line 2): a key may appear only once in an object");
        // At any depth, and keys are compared after unescaping.
        assert_eq!(error_at(r#"[{"a":{"k":1,"\u006b":2}}]"#).0, "DUPLICATE_KEY");
        // Keys differing by case are different keys for JSON.
        assert!(parse(r#"{"a":1,"A":2}"#).is_ok());
    }

    #[test]
    fn depth_limit_is_checked_before_descending() {
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(65) + &"]".repeat(65);
        let (code, l, c, _, ec, _) = error_at(&deep);
        assert_eq!((code, l, c, ec), ("JSON_TOO_DEEP", 1, 65, 66));
        // Far deeper than any stack would allow if it recursed.
        let huge = "{\"a\":".repeat(200_000);
        assert_eq!(parse(&huge).unwrap_err().code, "JSON_TOO_DEEP");
    }

    #[test]
    fn size_limit() {
        let limits = Limits { max_depth: 8, max_bytes: 10 };
        let err = parse_json("[1,2,3,4,5,6]", &limits).unwrap_err();
        assert_eq!(err.code, "INPUT_TOO_LARGE");
        assert_eq!(err.span, Span::new(0, 0));
        assert!(parse_json("[1,2,3,4]", &limits).is_ok());
    }

    #[test]
    fn syntax_errors_say_what_was_expected_where() {
        type Case = (&'static str, (u32, u32, u32, u32), &'static str);
        let cases: &[Case] = &[
            ("", (1, 1, 1, 1), "expected a JSON value, found the end of the input"),
            ("{\"a\": 1 \"b\": 2}", (1, 9, 1, 10), "expected ',' or '}' after an object member, found '\"' (a comma may be missing)"),
            ("{\"a\": 1", (1, 8, 1, 8), "expected ',' or '}' after an object member, found the end of the input"),
            ("[1 2]", (1, 4, 1, 5), "expected ',' or ']' after an array element, found '2'"),
            ("{\"a\" 1}", (1, 6, 1, 7), "expected ':' after the member name \"a\", found '1'"),
            ("{a: 1}", (1, 2, 1, 3), "expected a member name in double quotes or '}', found 'a'"),
            ("{\"a\":1,\n }", (1, 7, 1, 8), "trailing comma: expected another member after ',' (JSON does not allow a comma before '}')"),
            ("[1,]", (1, 3, 1, 4), "trailing comma: expected another element after ',' (JSON does not allow a comma before ']')"),
            ("{\"Effect\": Allow}", (1, 12, 1, 17), "expected a JSON value, found `Allow`: strings must be in double quotes; the only bare words are true, false and null"),
            ("['a']", (1, 2, 1, 3), "strings must be in double quotes (\"), not single quotes"),
            ("{} {}", (1, 4, 1, 5), "unexpected '{' after the end of the JSON value: a document holds exactly one JSON value"),
            ("[1] x", (1, 5, 1, 6), "unexpected 'x' after the end of the JSON value"),
            ("{\n  // note\n}", (2, 3, 2, 4), "comments are not allowed in JSON"),
            ("{\"a\":\u{a0}1}", (1, 6, 1, 7), "unexpected U+00A0 (no-break space): JSON allows only spaces, tabs and line breaks between values"),
            ("\"abc\ndef\"", (1, 5, 2, 1), "line break inside a string: close the string with '\"' or write the break as \\n"),
            ("\"a\tb\"", (1, 3, 1, 4), "control character U+0009 inside a string must be escaped (e.g. \\t or \\u0009)"),
            ("\"abc", (1, 1, 1, 5), "unterminated string: expected a closing '\"'"),
            ("-x", (1, 2, 1, 3), "invalid number: expected a digit after '-', found 'x'"),
            ("1.e5", (1, 3, 1, 4), "invalid number: expected a digit after the decimal point, found 'e'"),
            ("1e+", (1, 4, 1, 4), "invalid number: expected a digit in the exponent, found the end of the input"),
            ("[1, ]", (1, 3, 1, 4), "trailing comma: expected another element after ',' (JSON does not allow a comma before ']')"),
            ("[é, 1]", (1, 2, 1, 3), "expected a JSON value, found 'é'"),
        ];
        for (text, (l, c, el, ec), message) in cases {
            let (code, gl, gc, gel, gec, gm) = error_at(text);
            assert_eq!(code, "JSON_SYNTAX", "{text:?}");
            assert_eq!(gm, *message, "{text:?}");
            assert_eq!((gl, gc, gel, gec), (*l, *c, *el, *ec), "{text:?}");
        }
    }

    #[test]
    fn byte_order_mark_is_skipped_and_positions_count_utf16() {
        let text = "\u{feff}{\"k\": \"😀\", \"x\": }";
        let err = parse(text).unwrap_err();
        let range = SourceText::new(text).range(err.span);
        // BOM is one UTF-16 unit, the emoji two.
        assert_eq!(range.start, Position { line: 1, column: 19 });
        assert!(parse("\u{feff}[1]").is_ok());
    }

    #[test]
    fn error_becomes_a_located_diagnostic() {
        let text = "{\n\"a\":1,\"a\":2}";
        let origin = SourceText::new(text);
        let d = parse(text).unwrap_err().to_diagnostic(&origin, "policies.identity[0]");
        assert!(d.is_error());
        assert_eq!(d.code, "DUPLICATE_KEY");
        assert_eq!(d.source.as_deref(), Some("policies.identity[0]"));
        let r = d.range.unwrap();
        assert_eq!((r.start.line, r.start.column, r.end.column), (2, 7, 10));
    }

    #[test]
    fn helpers() {
        let json = parse(r#"{"a": "x", "b": false}"#).unwrap();
        assert_eq!(json.get("a").and_then(Json::as_str), Some("x"));
        assert_eq!(json.get("b").and_then(Json::as_bool), Some(false));
        assert!(json.get("A").is_none());
        assert_eq!(json.type_name(), "an object");
        assert_eq!(json.opening(), Span::new(0, 1));
    }
}
