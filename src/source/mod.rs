//! Source positions. The parser records byte spans into the text the user gave; at the API edge a
//! [`LineIndex`] turns them into 1-based lines and UTF-16 columns, which is what CodeMirror, Monaco and a
//! browser `textarea` count. Nothing else in the crate converts positions, so an off-by-one can live only here.

mod line_index;

use std::sync::OnceLock;

pub use line_index::LineIndex;

use serde::Serialize;

/// A half-open byte range `[start, end)` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The same span moved `by` bytes further into a larger text (a policy embedded in a scenario).
    pub fn shifted(self, by: u32) -> Span {
        Span { start: self.start.saturating_add(by), end: self.end.saturating_add(by) }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and a 1-based column counted in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A range between two positions; `end` is exclusive (the column just after the last character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// A text the user gave (a scenario file, or one policy passed as a string), with its line index.
#[derive(Debug)]
pub struct SourceText {
    pub text: String,
    /// Built when a position is first asked for: a simulation that reports nothing never needs it.
    index: OnceLock<LineIndex>,
}

impl SourceText {
    pub fn new(text: impl Into<String>) -> SourceText {
        SourceText { text: text.into(), index: OnceLock::new() }
    }

    /// Hands over an index built while the text was read (see [`LineIndex::from_scan`]); ignored when
    /// the index exists already.
    pub fn set_index(&self, index: LineIndex) {
        let _ = self.index.set(index);
    }

    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn range(&self, span: Span) -> Range {
        self.index().range(&self.text, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_is_built_on_the_first_range_and_kept() {
        let source = SourceText::new("ab\ncd");
        assert!(source.index.get().is_none());
        let r = source.range(Span::new(3, 5));
        assert_eq!((r.start, r.end), (Position { line: 2, column: 1 }, Position { line: 2, column: 3 }));
        assert!(source.index.get().is_some());
        assert_eq!(source.range(Span::new(0, 1)).start, Position { line: 1, column: 1 });
    }
}
