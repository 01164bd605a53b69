//! Byte offset -> (line, UTF-16 column) for one text, built once per text and queried by binary search.

use super::{Position, Range, Span};

/// Line starts of one text. Lines end at `\n`; a `\r` before it belongs to the line it ends.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Per line: only ASCII, so a column is a byte distance. Compact JSON puts a whole scenario on one long
    /// line; without this every position would rescan it.
    ascii_lines: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // `split('\n')` finds line ends with the standard library's word-at-a-time memchr and `is_ascii`
        // checks a whole line at once; a per-byte loop with two branches cost ~12 instructions a byte,
        // a third of the time to parse a compact scenario.
        let mut line_starts = vec![0u32];
        let mut ascii_lines = Vec::new();
        let mut start = 0usize;
        for line in text.split('\n') {
            ascii_lines.push(line.is_ascii());
            start += line.len() + 1;
            if start <= text.len() {
                line_starts.push(u32::try_from(start).unwrap_or(u32::MAX));
            }
        }
        LineIndex { line_starts, ascii_lines }
    }

    /// The position of byte `offset` in `text` (the text this index was built from). An offset inside a
    /// multi-byte character counts as that character's start; an offset past the end is the end.
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = (offset as usize).min(text.len());
        let line = match self.line_starts.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let line_no = u32::try_from(line + 1).unwrap_or(u32::MAX);
        if self.ascii_lines.get(line).copied().unwrap_or(false) {
            let column = u32::try_from(offset.saturating_sub(start) + 1).unwrap_or(u32::MAX);
            return Position { line: line_no, column };
        }
        let mut column = 0u32;
        for (i, ch) in text.get(start..).unwrap_or("").char_indices() {
            if start + i >= offset {
                break;
            }
            column += u32::try_from(ch.len_utf16()).unwrap_or(2);
        }
        Position { line: line_no, column: column + 1 }
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range { start: self.position(text, span.start), end: self.position(text, span.end) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_character_is_line_one_column_one() {
        let idx = LineIndex::new("abc");
        assert_eq!(idx.position("abc", 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position("abc", 3), Position { line: 1, column: 4 });
    }

    #[test]
    fn lines_split_at_newline_and_crlf_stays_on_its_line() {
        let text = "ab\r\ncd\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 2), Position { line: 1, column: 3 });
        assert_eq!(idx.position(text, 4), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 8), Position { line: 3, column: 2 });
    }

    #[test]
    fn columns_count_utf16_units() {
        // "é" is 2 bytes / 1 unit; "😀" is 4 bytes / 2 units.
        let text = "é😀x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 2), Position { line: 1, column: 2 });
        assert_eq!(idx.position(text, 6), Position { line: 1, column: 4 });
    }

    #[test]
    fn ascii_and_non_ascii_lines_mix() {
        let text = "ab\né😀x\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 2 });
        assert_eq!(idx.position(text, 9), Position { line: 2, column: 4 });
        assert_eq!(idx.position(text, 12), Position { line: 3, column: 2 });
    }

    /// Every offset of texts with empty lines, CRLF, trailing newlines and non-ASCII lines agrees with a
    /// character-by-character count.
    #[test]
    fn every_offset_matches_a_naive_count() {
        for text in ["", "\n", "\n\n", "a\n", "ab\r\n\ncd\n", "é\n\nx😀y\nz", "😀", "a\né"] {
            let idx = LineIndex::new(text);
            let (mut line, mut column) = (1u32, 1u32);
            for (offset, ch) in text.char_indices() {
                let at = u32::try_from(offset).unwrap();
                assert_eq!(idx.position(text, at), Position { line, column }, "{text:?} at {offset}");
                if ch == '\n' {
                    (line, column) = (line + 1, 1);
                } else {
                    column += u32::try_from(ch.len_utf16()).unwrap();
                }
            }
            let end = u32::try_from(text.len()).unwrap();
            assert_eq!(idx.position(text, end), Position { line, column }, "{text:?} at the end");
        }
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let idx = LineIndex::new("a\n");
        assert_eq!(idx.position("a\n", 99), Position { line: 2, column: 1 });
    }
}
