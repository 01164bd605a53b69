//! Our own JSON reader. It keeps a byte span on every value and key, keeps numbers as their source text
//! (`1.50` stays `1.50`), rejects duplicate keys at any level (serde and `JSON.parse` silently keep the last
//! one, which would let a typo'd policy mean something else) and meets deep or huge input with an explicit
//! error instead of a stack overflow. It knows nothing about policies or scenarios.
//!
//! The tree borrows from the text (numbers, and strings and keys without escapes, are slices of it) and
//! lives in a [`JsonArena`] (arrays, objects, unescaped strings): reading a scenario makes a couple of
//! allocations instead of one per node, and dropping the tree frees one arena; [`with_arena`] lends the
//! thread's arena, reused from one parse to the next. Whoever builds the model shares or copies what it
//! keeps. On its way the reader also notes where lines start and whether the text is all ASCII, which
//! makes the text's line index ([`parse_json_indexed`]) without a second pass.

mod cursor;
mod reader;
mod scalar;
mod stacks;

use std::cell::RefCell;

use bumpalo::Bump;

use crate::model::Diagnostic;
use crate::source::{LineIndex, SourceText, Span};

use reader::Reader;

pub(crate) use cursor::Cursor;

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
/// Where parsed trees live: everything [`parse_json`] builds is freed when the arena is dropped.
#[derive(Debug, Default)]
pub struct JsonArena(Bump);

impl JsonArena {
    pub fn new() -> JsonArena {
        JsonArena(Bump::new())
    }

    /// An arena with room for the tree of a text of `len` bytes, so it need not grow while parsing (a
    /// compact scenario's tree takes about four bytes per byte of text). Past 4 MiB it grows as needed
    /// instead: a huge text may be mostly whitespace.
    pub fn for_text(len: usize) -> JsonArena {
        JsonArena(Bump::with_capacity(len.saturating_mul(4).min(4 << 20)))
    }
}

thread_local! {
    /// The arena [`with_arena`] lends: kept from one parse to the next, so reading a text does not allocate
    /// (and free) a fresh block for its tree each time.
    static ARENA: RefCell<JsonArena> = RefCell::new(JsonArena::new());
}

/// Above this many bytes the lent arena is not kept for the next parse (one huge input should not pin its
/// memory for the rest of the thread's life).
const KEPT_ARENA_BYTES: usize = 1 << 20;

/// Runs `read` with an empty arena: the thread's reusable one, or a fresh one sized for a text of `len`
/// bytes when that is lent out already (a policy given as text is parsed while its scenario's tree is
/// alive).
pub fn with_arena<R>(len: usize, read: impl FnOnce(&JsonArena) -> R) -> R {
    ARENA.with(|cell| match cell.try_borrow_mut() {
        Ok(mut arena) => {
            arena.0.reset();
            let result = read(&arena);
            if arena.0.allocated_bytes() > KEPT_ARENA_BYTES {
                *arena = JsonArena::new();
            }
            result
        }
        Err(_) => read(&JsonArena::for_text(len)),
    })
}

/// `'a` is the text it was read from and the arena it lives in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Json<'a> {
    pub value: JsonValue<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JsonValue<'a> {
    Null,
    Bool(bool),
    /// The number's source text, e.g. `"1.50"`, `"-3e2"`.
    Number(&'a str),
    /// Unescaped: a slice of the text, or of the arena when it had escapes.
    String(&'a str),
    Array(&'a [Json<'a>]),
    /// Members in source order (keys are unique: duplicates are an error).
    Object(&'a [Member<'a>]),
}

/// One `"key": value` member of an object.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Member<'a> {
    /// Unescaped, like a string value.
    pub key: &'a str,
    /// Span of the key including its quotes.
    pub key_span: Span,
    pub value: Json<'a>,
}

impl Member<'_> {
    /// From the key's opening quote to the end of the value.
    pub fn span(&self) -> Span {
        self.key_span.cover(self.value.span)
    }
}

impl<'a> Json<'a> {
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

    pub fn as_str(&self) -> Option<&'a str> {
        match self.value {
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

    pub fn as_array(&self) -> Option<&'a [Json<'a>]> {
        match self.value {
            JsonValue::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&'a [Member<'a>]> {
        match self.value {
            JsonValue::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, JsonValue::Null)
    }

    /// The member named `key` of an object (exact, case-sensitive).
    pub fn member(&self, key: &str) -> Option<&'a Member<'a>> {
        self.as_object()?.iter().find(|m| m.key == key)
    }

    /// The value of the member named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
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
        Diagnostic::error(self.code, self.message.clone()).with_source(source).with_range(origin.range(self.span))
    }
}

/// Parses one JSON value (surrounded by optional whitespace; a leading byte-order mark is skipped) into
/// `arena`.
pub fn parse_json<'a>(text: &'a str, arena: &'a JsonArena, limits: &Limits) -> Result<Json<'a>, JsonError> {
    parse_json_indexed(text, arena, limits).map(|(json, _)| json)
}

/// [`parse_json`], and the text's line index, which the reader builds on its way (cheaper than scanning the
/// text again for it).
pub fn parse_json_indexed<'a>(
    text: &'a str,
    arena: &'a JsonArena,
    limits: &Limits,
) -> Result<(Json<'a>, LineIndex), JsonError> {
    // Spans are 32-bit: past 4 GiB (beyond any limit the crate sets) a text is too large whatever the limits.
    let max_bytes = limits.max_bytes.min(u32::MAX as usize);
    if text.len() > max_bytes {
        return Err(JsonError {
            code: "INPUT_TOO_LARGE",
            message: format!("the input is {} bytes; the limit is {max_bytes} bytes", text.len()),
            span: Span::new(0, 0),
        });
    }
    let mut reader = Reader::new(text, &arena.0, limits.max_depth);
    if text.starts_with('\u{feff}') {
        reader.pos = '\u{feff}'.len_utf8();
    }
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        if let Some(e) = reader.blank_problem() {
            return Err(e);
        }
        let hint = match reader.peek() {
            Some(b',' | b'{' | b'[' | b'"') => ": a document holds exactly one JSON value",
            _ => "",
        };
        return Err(
            reader.syntax(format!("unexpected {} after the end of the JSON value{hint}", reader.describe_here()))
        );
    }
    let all_ascii = reader.high_bits & 0x8080_8080_8080_8080 == 0 && !text.starts_with('\u{feff}');
    Ok((value, LineIndex::from_scan(text, reader.take_line_starts(), all_ascii)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    fn parse(text: &str) -> Result<Json<'_>, JsonError> {
        // Tests only: the arena outlives the tree by living until the process ends.
        parse_json(text, Box::leak(Box::new(JsonArena::new())), &Limits::scenario())
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
        assert_eq!(items[0].value, JsonValue::Number("1"));
        assert_eq!(items[1].value, JsonValue::Bool(true));
        assert_eq!(items[2].value, JsonValue::Null);
        assert_eq!(items[3].span, Span::new(23, 26), "string span covers the quotes");
        assert_eq!(members[1].value.as_object().unwrap().len(), 0);
        assert_eq!(members[0].span(), Span::new(2, 27));
    }

    #[test]
    fn numbers_keep_their_source_text() {
        for n in ["0", "-0", "1.50", "-3e2", "2E+10", "1.0e-5", "123456789012345678901234567890"] {
            assert_eq!(parse(n).unwrap().value, JsonValue::Number(n), "{n}");
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
        // Large objects use an index: the duplicate is still found, and the first is still named.
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!("{{{},\n\"k3\":0}}", many.join(","));
        let (code, l, c, _, _, msg) = error_at(&text);
        assert_eq!((code, l, c), ("DUPLICATE_KEY", 2, 1));
        assert!(msg.contains("\"k3\" (first at line 1)"), "{msg}");
        let text = format!("{{{},\n\"k39\":0}}", many.join(","));
        assert_eq!(error_at(&text).0, "DUPLICATE_KEY");
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
        let arena = JsonArena::new();
        let err = parse_json("[1,2,3,4,5,6]", &arena, &limits).unwrap_err();
        assert_eq!(err.code, "INPUT_TOO_LARGE");
        assert_eq!(err.span, Span::new(0, 0));
        assert!(parse_json("[1,2,3,4]", &arena, &limits).is_ok());
    }

    #[test]
    fn syntax_errors_say_what_was_expected_where() {
        type Case = (&'static str, (u32, u32, u32, u32), &'static str);
        let cases: &[Case] = &[
            ("", (1, 1, 1, 1), "expected a JSON value, found the end of the input"),
            (
                "{\"a\": 1 \"b\": 2}",
                (1, 9, 1, 10),
                "expected ',' or '}' after an object member, found '\"' (a comma may be missing)",
            ),
            ("{\"a\": 1", (1, 8, 1, 8), "expected ',' or '}' after an object member, found the end of the input"),
            ("[1 2]", (1, 4, 1, 5), "expected ',' or ']' after an array element, found '2'"),
            ("{\"a\" 1}", (1, 6, 1, 7), "expected ':' after the member name \"a\", found '1'"),
            ("{a: 1}", (1, 2, 1, 3), "expected a member name in double quotes or '}', found 'a'"),
            (
                "{\"a\":1,\n }",
                (1, 7, 1, 8),
                "trailing comma: expected another member after ',' (JSON does not allow a comma before '}')",
            ),
            (
                "[1,]",
                (1, 3, 1, 4),
                "trailing comma: expected another element after ',' (JSON does not allow a comma before ']')",
            ),
            (
                "{\"Effect\": Allow}",
                (1, 12, 1, 17),
                "expected a JSON value, found `Allow`: strings must be in double quotes; the only bare words are true, false and null",
            ),
            ("['a']", (1, 2, 1, 3), "strings must be in double quotes (\"), not single quotes"),
            (
                "{} {}",
                (1, 4, 1, 5),
                "unexpected '{' after the end of the JSON value: a document holds exactly one JSON value",
            ),
            ("[1] x", (1, 5, 1, 6), "unexpected 'x' after the end of the JSON value"),
            ("{\n  // note\n}", (2, 3, 2, 4), "comments are not allowed in JSON"),
            (
                "{\"a\":\u{a0}1}",
                (1, 6, 1, 7),
                "unexpected U+00A0 (no-break space): JSON allows only spaces, tabs and line breaks between values",
            ),
            (
                "\"abc\ndef\"",
                (1, 5, 2, 1),
                "line break inside a string: close the string with '\"' or write the break as \\n",
            ),
            (
                "\"a\tb\"",
                (1, 3, 1, 4),
                "control character U+0009 inside a string must be escaped (e.g. \\t or \\u0009)",
            ),
            ("\"abc", (1, 1, 1, 5), "unterminated string: expected a closing '\"'"),
            ("-x", (1, 2, 1, 3), "invalid number: expected a digit after '-', found 'x'"),
            ("1.e5", (1, 3, 1, 4), "invalid number: expected a digit after the decimal point, found 'e'"),
            ("1e+", (1, 4, 1, 4), "invalid number: expected a digit in the exponent, found the end of the input"),
            (
                "[1, ]",
                (1, 3, 1, 4),
                "trailing comma: expected another element after ',' (JSON does not allow a comma before ']')",
            ),
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

    /// The index the reader builds agrees with one built from the text, at every offset of texts with
    /// line breaks, non-ASCII strings, escapes and a byte-order mark.
    #[test]
    fn the_readers_line_index_agrees_with_a_built_one() {
        let texts = [
            "{\"a\": [1, 2],\n  \"b\": \"x\"\r\n}\n",
            "[\"é😀\",\n\"\\u00e9\\n\", \"plain text of more than eight bytes\"]",
            "\u{feff}\n[1]",
            "\n\n  \"abcdefgh\u{e9}\"  \n",
        ];
        for text in texts {
            let arena = JsonArena::new();
            let (_, index) = parse_json_indexed(text, &arena, &Limits::scenario()).unwrap();
            let built = LineIndex::new(text);
            for offset in 0..=u32::try_from(text.len()).unwrap() {
                assert_eq!(index.position(text, offset), built.position(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn the_lent_arena_is_kept_empty_and_a_nested_parse_gets_its_own() {
        let outer = with_arena(8, |arena| {
            let json = parse_json("[\"a\\n\"]", arena, &Limits::scenario()).unwrap();
            let used = arena.0.allocated_bytes();
            let inner = with_arena(8, |inner| {
                assert!(!std::ptr::eq(inner, arena), "a fresh arena while the first is lent");
                parse_json("{\"b\": 1}", inner, &Limits::scenario()).unwrap().get("b").is_some()
            });
            (json.as_array().unwrap()[0].as_str() == Some("a\n"), used > 0, inner)
        });
        assert_eq!(outer, (true, true, true));
        // The same arena each time, its block kept.
        let first = with_arena(8, |arena| (arena as *const JsonArena as usize, arena.0.allocated_bytes()));
        let second = with_arena(8, |arena| (arena as *const JsonArena as usize, arena.0.allocated_bytes()));
        assert_eq!(first, second);
        assert!(first.1 > 0);
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
