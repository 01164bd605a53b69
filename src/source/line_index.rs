//! Byte offset -> (line, UTF-16 column) for one text, built once per text (by a scan of its own, or from
//! what the JSON reader saw) and queried by binary search.

use super::{Position, Range, Span};

/// Line starts of one text. Lines end at `\n`; a `\r` before it belongs to the line it ends.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Where the second, third, ... line starts (the first starts at 0).
    line_starts: Vec<u32>,
    /// The whole text is ASCII, so a column is a byte distance on every line.
    all_ascii: bool,
    /// Otherwise, per line: only ASCII. Compact JSON puts a whole scenario on one long line; without this
    /// every position would rescan it.
    ascii_lines: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // `split('\n')` finds line ends with the standard library's word-at-a-time memchr and `is_ascii`
        // checks a whole line at once; a per-byte loop with two branches cost ~12 instructions a byte,
        // a third of the time to parse a compact scenario.
        let mut line_starts = Vec::new();
        let mut ascii_lines = Vec::new();
        let mut start = 0usize;
        for line in text.split('\n') {
            ascii_lines.push(line.is_ascii());
            start += line.len() + 1;
            if start <= text.len() {
                line_starts.push(u32::try_from(start).unwrap_or(u32::MAX));
            }
        }
        let all_ascii = ascii_lines.iter().all(|a| *a);
        if all_ascii {
            ascii_lines = Vec::new();
        }
        LineIndex { line_starts, all_ascii, ascii_lines }
    }

    /// The index of `text` from what a reader of the whole text found on its way: where the lines after
    /// the first start (every offset just after a `\n`, in order) and whether every byte is ASCII. The
    /// JSON reader sees both at little cost; building the index again would rescan the text.
    pub fn from_scan(text: &str, line_starts: Vec<u32>, all_ascii: bool) -> LineIndex {
        if !all_ascii {
            return LineIndex::new(text);
        }
        LineIndex { line_starts, all_ascii, ascii_lines: Vec::new() }
    }

    /// The position of byte `offset` in `text` (the text this index was built from). An offset inside a
    /// multi-byte character counts as that character's start; an offset past the end is the end.
    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = (offset as usize).min(text.len());
        let at = u32::try_from(offset).unwrap_or(u32::MAX);
        // 0-based: how many lines start at or before the offset, after the first.
        let line = self.line_starts.partition_point(|&start| start <= at);
        let start = line.checked_sub(1).and_then(|i| self.line_starts.get(i)).map_or(0, |&s| s as usize);
        let line_no = u32::try_from(line + 1).unwrap_or(u32::MAX);
        if self.all_ascii || self.ascii_lines.get(line).copied().unwrap_or(false) {
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

    /// The index a scan hands over answers as the one built from the text.
    #[test]
    fn an_index_from_a_scan_agrees_with_a_built_one() {
        for text in ["", "\n", "ab\r\n\ncd\n", "x\ny", "é\n\nx😀y\nz"] {
            let starts: Vec<u32> = text.match_indices('\n').map(|(i, _)| u32::try_from(i + 1).unwrap()).collect();
            let scanned = LineIndex::from_scan(text, starts, text.is_ascii());
            let built = LineIndex::new(text);
            for offset in 0..=u32::try_from(text.len()).unwrap() + 1 {
                assert_eq!(scanned.position(text, offset), built.position(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let idx = LineIndex::new("a\n");
        assert_eq!(idx.position("a\n", 99), Position { line: 2, column: 1 });
    }
}
