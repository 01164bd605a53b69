//! The structural half of the JSON reader: whitespace, values, objects (with duplicate-key detection) and
//! arrays (with the depth limit checked before descending), and the messages for the spot where the text
//! stops being JSON. Scalars (strings, numbers, literals) are in `scalar.rs`.
//!
//! An open array's elements (an object's members) wait on a stack shared by all levels and are copied into
//! the arena when it closes, as one slice of exactly their number.

use std::collections::HashMap;

use bumpalo::Bump;

use crate::source::Span;

use super::{Json, JsonError, JsonValue, Member};

pub(super) struct Reader<'a> {
    pub text: &'a str,
    pub bytes: &'a [u8],
    pub pos: usize,
    pub max_depth: usize,
    pub arena: &'a Bump,
    /// Elements of the arrays open now, innermost last.
    items: Vec<Json<'a>>,
    /// Members of the objects open now, innermost last.
    members: Vec<Member<'a>>,
    /// Where each line after the first starts (just after every `\n` between tokens; a valid text has no
    /// other), for the text's line index.
    pub line_starts: Vec<u32>,
    /// The bytes of string contents OR-ed together: a high bit set means a non-ASCII character (strings
    /// are the only place a valid text has one, a byte-order mark aside).
    pub high_bits: u64,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, arena: &'a Bump, max_depth: usize) -> Reader<'a> {
        // The stacks of the thread's previous reader, when it has finished.
        let (items, members) = super::stacks::take();
        Reader {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth,
            arena,
            items,
            members,
            line_starts: Vec::new(),
            high_bits: 0,
        }
    }

    #[inline(always)]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn char_here(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    /// Span of the character at the cursor (empty at the end of the input).
    pub(super) fn span_here(&self) -> Span {
        let width = self.char_here().map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + width)
    }

    pub(super) fn describe_here(&self) -> String {
        match self.char_here() {
            None => "the end of the input".to_string(),
            Some(c) => describe_char(c),
        }
    }

    pub(super) fn syntax(&self, message: String) -> JsonError {
        JsonError { code: "JSON_SYNTAX", message, span: self.span_here() }
    }

    pub(super) fn syntax_at(&self, span: Span, message: String) -> JsonError {
        JsonError { code: "JSON_SYNTAX", message, span }
    }

    /// Skips JSON whitespace. Other whitespace-like characters (no-break space from a copy-paste) and
    /// comments are not skipped: no token starts with them, so the check for the token that should follow
    /// fails on them, and its error asks [`Reader::blank_problem`] first. (Testing for them here, between
    /// every two tokens, cost two comparisons a token.)
    // `always`: the release profile optimises for size, which would keep this a call.
    #[inline(always)]
    pub(super) fn skip_whitespace(&mut self) {
        // Between most tokens of compact JSON there is nothing to skip: say so without a call.
        if self.peek().is_some_and(|b| b <= b' ') {
            self.skip_whitespace_run();
        }
    }

    fn skip_whitespace_run(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line_starts.push(u32::try_from(self.pos).unwrap_or(u32::MAX));
                }
                _ => return,
            }
        }
    }

    /// The error for a comment or a whitespace-like character at the cursor, where whitespace ended and
    /// a token should start: they get their own message because they are the usual culprits.
    #[cold]
    pub(super) fn blank_problem(&self) -> Option<JsonError> {
        match self.peek()? {
            b'/' => Some(self.syntax("comments are not allowed in JSON".to_string())),
            b if b.is_ascii() => None,
            _ => {
                let c = self.char_here().filter(|c| c.is_whitespace())?;
                Some(self.syntax(format!(
                    "unexpected {}: JSON allows only spaces, tabs and line breaks between values",
                    describe_char(c)
                )))
            }
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.skip_whitespace();
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
            Some(_) => Err(self.not_a_value()),
        }
    }

    #[cold]
    fn not_a_value(&self) -> JsonError {
        self.blank_problem()
            .unwrap_or_else(|| self.syntax(format!("expected a JSON value, found {}", self.describe_here())))
    }

    /// An array element or member value. Most are strings: those are read here, without the call.
    #[inline(always)]
    fn element(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        if self.peek() == Some(b'"') {
            let (text, span) = self.string()?;
            return Ok(Json { value: JsonValue::String(text), span });
        }
        self.value(depth)
    }

    #[inline(always)]
    pub(super) fn enter(&self, depth: usize) -> Result<(), JsonError> {
        if depth >= self.max_depth {
            return Err(self.too_deep());
        }
        Ok(())
    }

    #[cold]
    fn too_deep(&self) -> JsonError {
        JsonError {
            code: "JSON_TOO_DEEP",
            message: format!("arrays and objects are nested more than {} levels deep", self.max_depth),
            span: self.span_here(),
        }
    }

    #[cold]
    fn not_a_member_name(&self, first: bool) -> JsonError {
        if let Some(e) = self.blank_problem() {
            return e;
        }
        if self.peek() == Some(b'\'') {
            return self.syntax("member names must be in double quotes (\"), not single quotes".to_string());
        }
        let or_close = if first { " or '}'" } else { "" };
        self.syntax(format!("expected a member name in double quotes{or_close}, found {}", self.describe_here()))
    }

    #[cold]
    fn duplicate_key(&self, key: &str, key_span: Span, first: u32) -> JsonError {
        let line = self.line_of(first as usize);
        JsonError {
            code: "DUPLICATE_KEY",
            message: format!("duplicate key \"{key}\" (first at line {line}): a key may appear only once in an object"),
            span: key_span,
        }
    }

    pub(super) fn object(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let base = self.members.len();
        // Small objects (statements, conditions) are scanned; large ones get an index of their keys.
        let mut index: Option<HashMap<&'a str, u32>> = None;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json { value: JsonValue::Object(&[]), span: Span::new(start, self.pos) });
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.not_a_member_name(self.members.len() == base));
            }
            let (key, key_span) = self.string()?;
            let open = self.members.get(base..).unwrap_or_default();
            if let Some(first) = first_occurrence(open, &mut index, key) {
                return Err(self.duplicate_key(key, key_span, first));
            }
            if let Some(index) = index.as_mut() {
                index.insert(key, key_span.start);
            }
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.no_colon(key));
            }
            self.pos += 1;
            let value = self.element(depth + 1)?;
            self.members.push(Member { key, key_span, value });
            self.skip_whitespace();
            if self.after_entry(b'}')? {
                let members = self.arena.alloc_slice_copy(self.members.get(base..).unwrap_or_default());
                self.members.truncate(base);
                return Ok(Json { value: JsonValue::Object(members), span: span(start, self.pos) });
            }
        }
    }

    pub(super) fn array(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        let base = self.items.len();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json { value: JsonValue::Array(&[]), span: Span::new(start, self.pos) });
        }
        loop {
            let item = self.element(depth + 1)?;
            self.items.push(item);
            self.skip_whitespace();
            if self.after_entry(b']')? {
                let items = self.arena.alloc_slice_copy(self.items.get(base..).unwrap_or_default());
                self.items.truncate(base);
                return Ok(Json { value: JsonValue::Array(items), span: span(start, self.pos) });
            }
        }
    }

    /// After an object member or an array element: a comma (`Ok(false)`; a comma right before `close` is the
    /// trailing-comma error), or `close` itself (consumed, `Ok(true)`), or the error for anything else.
    #[inline(always)]
    fn after_entry(&mut self, close: u8) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b',') => {
                let comma = Span::new(self.pos, self.pos + 1);
                self.pos += 1;
                self.skip_whitespace();
                if self.peek() == Some(close) {
                    return Err(self.trailing_comma(comma, close));
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.not_after_entry(close)),
        }
    }

    /// Neither a comma nor `close` at the cursor, after an entry.
    #[cold]
    #[inline(never)]
    fn no_colon(&self, key: &str) -> JsonError {
        self.blank_problem().unwrap_or_else(|| {
            self.syntax(format!("expected ':' after the member name \"{key}\", found {}", self.describe_here()))
        })
    }

    #[cold]
    #[inline(never)]
    fn not_after_entry(&self, close: u8) -> JsonError {
        if let Some(e) = self.blank_problem() {
            return e;
        }
        let after = if close == b'}' { "an object member" } else { "an array element" };
        let hint = if self.peek() == Some(b'"') { " (a comma may be missing)" } else { "" };
        let close = close as char;
        self.syntax(format!("expected ',' or '{close}' after {after}, found {}{hint}", self.describe_here()))
    }

    /// A comma at `comma` right before `close`.
    #[cold]
    #[inline(never)]
    fn trailing_comma(&self, comma: Span, close: u8) -> JsonError {
        let entry = if close == b'}' { "member" } else { "element" };
        let close = close as char;
        self.syntax_at(
            comma,
            format!(
                "trailing comma: expected another {entry} after ',' (JSON does not allow a comma before '{close}')"
            ),
        )
    }

    /// The line starts noted so far (the reader keeps none after this).
    pub(super) fn take_line_starts(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.line_starts)
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.bytes.get(..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) + 1
    }
}

/// A reader hands its stacks on to the next one, whatever way it ended (a value, or an error).
impl Drop for Reader<'_> {
    fn drop(&mut self) {
        super::stacks::keep(std::mem::take(&mut self.items), std::mem::take(&mut self.members));
    }
}

/// The span `start..end` of the text being read. `parse_json` refuses texts past `u32::MAX` bytes, so the
/// offsets fit and need no clamping (which would cost a comparison per offset, two per token).
#[inline(always)]
pub(super) fn span(start: usize, end: usize) -> Span {
    Span { start: start as u32, end: end as u32 }
}

/// Where `key` already occurs among `members` (its key's start offset). Scans while the object is small and
/// builds `index` once it grows, so a huge object stays linear.
#[inline(always)]
fn first_occurrence<'a>(members: &[Member<'a>], index: &mut Option<HashMap<&'a str, u32>>, key: &str) -> Option<u32> {
    const SCAN_LIMIT: usize = 32;
    if index.is_none() && members.len() >= SCAN_LIMIT {
        *index = Some(members.iter().map(|m| (m.key, m.key_span.start)).collect());
    }
    match index {
        Some(index) => index.get(key).copied(),
        None => members.iter().find(|m| m.key == key).map(|m| m.key_span.start),
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
