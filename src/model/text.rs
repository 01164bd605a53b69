//! [`PolicyStr`]: a string of a policy (a pattern, a condition key or value, a Sid) that shares the text it
//! was parsed from instead of copying itself out of it. A scenario holds hundreds of them; sharing makes
//! parsing one cost no allocation per string, and dropping it none either. Strings that are not in the
//! source as written (condition keys in lower case) can share one buffer made for the whole policy.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::source::{SourceText, Span};

#[derive(Clone)]
pub struct PolicyStr(Repr);

#[derive(Clone)]
enum Repr {
    /// `origin.text[start..end]`.
    Source {
        origin: Arc<SourceText>,
        start: u32,
        end: u32,
    },
    /// `text[start..end]`: a buffer shared by several strings of one policy.
    Shared {
        text: Arc<str>,
        start: u32,
        end: u32,
    },
    Owned(Box<str>),
}

impl PolicyStr {
    /// A string with its own copy of `text`.
    pub fn owned(text: &str) -> PolicyStr {
        PolicyStr(Repr::Owned(text.into()))
    }

    /// The value `text` of the JSON token at `span` of `origin`: shared with the source when the token is
    /// `text` written verbatim — a string without escapes (inside its quotes), a number or a literal —
    /// and copied otherwise. `text` must be that token's value: the lengths alone then tell whether it is
    /// written verbatim (an escape is always longer than the character it stands for).
    pub fn in_source(origin: &Arc<SourceText>, text: &str, span: Span) -> PolicyStr {
        let (start, end) = (span.start as usize, span.end as usize);
        let len = end.saturating_sub(start);
        let verbatim = if text.len() + 2 == len {
            Some((start + 1, end - 1))
        } else if text.len() == len {
            Some((start, end))
        } else {
            None
        };
        // Re-checked here, so a caller's mistake costs a copy, never a wrong string. The parser reads the
        // origin's own text, so its strings are that very slice and need no comparison.
        let in_text = |(a, b): (usize, usize)| {
            origin.text.as_bytes().get(a..b).is_some_and(|s| std::ptr::eq(s, text.as_bytes()) || s == text.as_bytes())
        };
        match verbatim {
            Some((a, b)) if in_text((a, b)) => PolicyStr(Repr::Source {
                origin: Arc::clone(origin),
                start: u32::try_from(a).unwrap_or(u32::MAX),
                end: u32::try_from(b).unwrap_or(u32::MAX),
            }),
            _ => PolicyStr::owned(text),
        }
    }

    /// `text[start..end]` of a shared buffer; a copy if that is not a piece of it.
    pub fn shared(text: &Arc<str>, start: usize, end: usize) -> PolicyStr {
        match (text.get(start..end), u32::try_from(start), u32::try_from(end)) {
            (Some(_), Ok(start), Ok(end)) => PolicyStr(Repr::Shared { text: Arc::clone(text), start, end }),
            (piece, _, _) => PolicyStr::owned(piece.unwrap_or("")),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Source { origin, start, end } => origin.text.get(*start as usize..*end as usize).unwrap_or(""),
            Repr::Shared { text, start, end } => text.get(*start as usize..*end as usize).unwrap_or(""),
            Repr::Owned(text) => text,
        }
    }

    /// Whether the characters are shared with the source text (for tests and curiosity).
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Source { .. } | Repr::Shared { .. })
    }
}

impl Deref for PolicyStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for PolicyStr {
    fn eq(&self, other: &PolicyStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for PolicyStr {}

impl PartialEq<str> for PolicyStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PolicyStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for PolicyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for PolicyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for PolicyStr {
    fn from(text: &str) -> PolicyStr {
        PolicyStr::owned(text)
    }
}

impl From<String> for PolicyStr {
    fn from(text: String) -> PolicyStr {
        PolicyStr(Repr::Owned(text.into_boxed_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_verbatim_tokens_and_copies_escaped_strings() {
        let origin = Arc::new(SourceText::new(r#"["s3:Get*", "s3:\u0047et*", 1.50, true]"#));
        let quoted = PolicyStr::in_source(&origin, "s3:Get*", Span::new(1, 10));
        assert!(quoted.is_shared());
        assert_eq!(quoted, "s3:Get*");
        let escaped = PolicyStr::in_source(&origin, "s3:Get*", Span::new(12, 26));
        assert!(!escaped.is_shared());
        assert_eq!(escaped, quoted);
        let number = PolicyStr::in_source(&origin, "1.50", Span::new(28, 32));
        assert!(number.is_shared());
        assert_eq!(&*number, "1.50");
        let literal = PolicyStr::in_source(&origin, "true", Span::new(34, 38));
        assert!(literal.is_shared());
        assert_eq!(format!("{literal} {literal:?}"), "true \"true\"");
        assert!(!PolicyStr::in_source(&origin, "nope", Span::new(0, 999)).is_shared());
        // The very slice of the origin's text is shared without comparing; another "s3:Get*" is compared.
        let slice = origin.text.get(2..9).unwrap();
        assert!(PolicyStr::in_source(&origin, slice, Span::new(1, 10)).is_shared());
        assert!(!PolicyStr::in_source(&origin, "s3:Get!", Span::new(1, 10)).is_shared());
    }

    #[test]
    fn pieces_of_a_shared_buffer() {
        let buffer: Arc<str> = Arc::from("aws:sourceips3:prefix");
        let piece = PolicyStr::shared(&buffer, 4, 12);
        assert!(piece.is_shared());
        assert_eq!(piece, "sourceip");
        let copied = PolicyStr::shared(&buffer, 4, 99);
        assert!(!copied.is_shared());
        assert_eq!(copied, "");
    }
}
