//! A cursor over one JSON text for readers that know the shape they expect (the prepared path's request):
//! they walk an object member by member and read each value as they go, as a tree ([`Cursor::value`]) or
//! as a bare scalar ([`Cursor::scalar`]), without the whole text's tree being built first.
//!
//! The cursor only answers "the text goes on as expected" or "it does not" (`None`): it never explains why.
//! Its callers read the common case and, on `None`, read the text again with [`super::parse_json_indexed`],
//! whose diagnostics (syntax, duplicate keys, depth) are then exactly those of every other input. It
//! shares the reader (strings, numbers, trees) with that path, so what it accepts it reads the same way.

use bumpalo::Bump;

use crate::source::{LineIndex, Span};

use super::reader::Reader;
use super::{Json, JsonArena, JsonValue, Limits};

pub struct Cursor<'a> {
    reader: Reader<'a>,
}

/// A scalar value read in place: a string's unescaped content, a number's source text, or `true` / `false`
/// as those words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scalar<'a> {
    pub text: &'a str,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`, or `None` for a text the general reader must take (over the size
    /// limit, or starting with a byte-order mark).
    pub fn new(text: &'a str, arena: &'a JsonArena, limits: &Limits) -> Option<Cursor<'a>> {
        if text.len() > limits.max_bytes.min(u32::MAX as usize) || text.starts_with('\u{feff}') {
            return None;
        }
        Some(Cursor { reader: Reader::new(text, bump(arena), limits.max_depth) })
    }

    /// The byte offset of the cursor.
    pub fn pos(&self) -> usize {
        self.reader.pos
    }

    /// Skips whitespace; whether the next byte is `byte` (not consumed).
    // `always`: a comparison or two, between every two tokens (the .wasm's inlining would keep a call).
    #[inline(always)]
    pub fn at(&mut self, byte: u8) -> bool {
        self.reader.skip_whitespace();
        self.reader.peek() == Some(byte)
    }

    /// Consumes `{` or `[` (after whitespace): whether it was there.
    pub fn open(&mut self, bracket: u8) -> bool {
        let found = self.at(bracket);
        if found {
            self.reader.pos += 1;
        }
        found
    }

    /// The next member's key of the object being walked, its `:` consumed; `Some(None)` at its closing `}`
    /// (consumed). `first` is true right after the `{`. `None` for anything else (a trailing comma too).
    // `always`: once per member; a call each cost more than its body in the .wasm.
    #[inline(always)]
    pub fn next_key(&mut self, first: bool) -> Option<Option<(&'a str, Span)>> {
        if !self.separator(first, b'}')? {
            return Some(None);
        }
        if !self.at(b'"') {
            return None;
        }
        let key = self.reader.string().ok()?;
        if !self.at(b':') {
            return None;
        }
        self.reader.pos += 1;
        Some(Some(key))
    }

    /// In an array being walked: `Some(true)` when an element follows (the cursor is then on it),
    /// `Some(false)` at the closing `]` (consumed), `None` for anything else.
    pub fn next_element(&mut self, first: bool) -> Option<bool> {
        let more = self.separator(first, b']')?;
        // After a comma an element must follow, not the bracket.
        if more && self.at(b']') {
            return None;
        }
        Some(more)
    }

    /// Before an entry: `close` ends the container (`Some(false)`); otherwise, except right after the
    /// opening bracket, a comma is required (and consumed).
    // `always`: as for `at`.
    #[inline(always)]
    fn separator(&mut self, first: bool, close: u8) -> Option<bool> {
        self.reader.skip_whitespace();
        match self.reader.peek() {
            Some(b) if b == close => {
                self.reader.pos += 1;
                Some(false)
            }
            Some(b',') if !first => {
                self.reader.pos += 1;
                Some(true)
            }
            _ if first => Some(true),
            _ => None,
        }
    }

    /// The value at the cursor as a tree, at nesting `depth` (what the general reader would give it).
    pub fn value(&mut self, depth: usize) -> Option<Json<'a>> {
        self.reader.value(depth).ok()
    }

    /// A string, number, `true` or `false` at the cursor; `None` for `null`, a container or an error.
    // `always`: as for `next_key`, once per value.
    #[inline(always)]
    pub fn scalar(&mut self) -> Option<Scalar<'a>> {
        self.reader.skip_whitespace();
        let json = match self.reader.peek()? {
            // Most values are strings: read without the general value's dispatch.
            b'"' => return self.reader.string().ok().map(|(text, _)| Scalar { text }),
            b'-' | b'0'..=b'9' | b't' | b'f' => self.reader.value(0).ok()?,
            _ => return None,
        };
        let text = match json.value {
            JsonValue::String(s) | JsonValue::Number(s) => s,
            JsonValue::Bool(true) => "true",
            JsonValue::Bool(false) => "false",
            _ => return None,
        };
        Some(Scalar { text })
    }

    /// The end of the text (only whitespace may follow the value): the text's line index, as
    /// [`super::parse_json_indexed`] would give it.
    pub fn finish(mut self) -> Option<LineIndex> {
        self.reader.skip_whitespace();
        if self.reader.pos < self.reader.bytes.len() {
            return None;
        }
        let all_ascii = self.reader.high_bits & 0x8080_8080_8080_8080 == 0;
        let text = self.reader.text;
        Some(LineIndex::from_scan(text, self.reader.take_line_starts(), all_ascii))
    }
}

fn bump(arena: &JsonArena) -> &Bump {
    &arena.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(text: &str) -> Option<Vec<String>> {
        let arena = JsonArena::new();
        let mut c = Cursor::new(text, &arena, &Limits::scenario())?;
        let mut out = Vec::new();
        if !c.open(b'{') {
            return None;
        }
        let mut first = true;
        while let Some((key, _)) = c.next_key(first)? {
            first = false;
            if c.open(b'[') {
                let mut first_item = true;
                while c.next_element(first_item)? {
                    first_item = false;
                    out.push(format!("{key}[]={}", c.scalar()?.text));
                }
            } else if key == "tree" {
                out.push(format!("{key}={}", c.value(1)?.type_name()));
            } else {
                out.push(format!("{key}={}", c.scalar()?.text));
            }
        }
        c.finish()?;
        Some(out)
    }

    #[test]
    fn walks_what_the_general_reader_accepts() {
        let text = "{ \"a\" : \"x\\u0041\", \"n\": -1.50e3 ,\n\"l\": [true, false, \"y\"], \"e\": [], \"tree\": {\"k\": [1]}}\n";
        assert_eq!(walk(text).unwrap(), ["a=xA", "n=-1.50e3", "l[]=true", "l[]=false", "l[]=y", "tree=an object"]);
        assert_eq!(walk("{}").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn gives_up_on_anything_else() {
        for text in [
            "{\"a\": 1,}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": [1,]}",
            "{\"a\": [1 2]}",
            "{\"a\": null}",
            "{\"a\": 01}",
            "{\"a\": 1} x",
            "{\"a\" 1}",
            "[1]",
            "\u{feff}{}",
            "{\"a\": \"x",
            "{\"tree\": {\"k\": 1, \"k\": 2}}",
            "{\"a\": tru}",
            "{\"a\": [[1]]}",
            "",
        ] {
            assert_eq!(walk(text), None, "{text:?}");
        }
    }

    #[test]
    fn its_line_index_is_the_general_readers() {
        let text = "{\n  \"a\": \"é\",\r\n  \"b\": 2\n}";
        let arena = JsonArena::new();
        let mut c = Cursor::new(text, &arena, &Limits::scenario()).unwrap();
        assert!(c.open(b'{'));
        let mut first = true;
        while let Some(Some(_)) = c.next_key(first) {
            first = false;
            c.scalar().unwrap();
        }
        let index = c.finish().unwrap();
        let built = crate::source::LineIndex::new(text);
        for offset in 0..=u32::try_from(text.len()).unwrap() {
            assert_eq!(index.position(text, offset), built.position(text, offset));
        }
    }
}
