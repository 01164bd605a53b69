//! [`PolicyStr`]: a string of a policy (a pattern, a condition key or value, a Sid) that shares the text it
//! was parsed from instead of copying itself out of it. A scenario holds hundreds of them; sharing makes
//! parsing one cost no allocation per string, and dropping it none either. Strings that are not in the
//! source as written (condition keys in lower case) can share one text made for the whole policy.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::source::{SourceText, Span};

/// `origin.text[start..end]`: a piece of the text it was parsed from, or of a text of its own (a string
/// that is not in the source as written gets a small [`SourceText`] for itself). One shape for every
/// string keeps it at 16 bytes, and policies move and drop thousands of them.
#[derive(Clone)]
pub struct PolicyStr {
    origin: Arc<SourceText>,
    start: u32,
    end: u32,
}

impl PolicyStr {
    /// A string with its own copy of `text`.
    pub fn owned(text: &str) -> PolicyStr {
        PolicyStr::from(text.to_string())
    }

    /// The value `text` of the JSON token at `span` of `origin`: shared with the source when the token is
    /// `text` written verbatim — a string without escapes (inside its quotes), a number or a literal —
    /// and copied otherwise. `text` must be that token's value: the lengths alone then tell whether it is
    /// written verbatim (an escape is always longer than the character it stands for).
    // `inline`: called for every string of every policy; the rest is out of the way in `by_span`.
    #[inline]
    pub fn in_source(origin: &Arc<SourceText>, text: &str, span: Span) -> PolicyStr {
        // The parser reads the origin's own text, so its strings are pieces of it: where `text` lies within
        // the origin's bytes, those bytes are `text` (comparing addresses, not characters).
        let at = (text.as_ptr() as usize).wrapping_sub(origin.text.as_ptr() as usize);
        if at <= origin.text.len() && text.len() <= origin.text.len() - at {
            if let (Ok(start), Ok(end)) = (u32::try_from(at), u32::try_from(at + text.len())) {
                return PolicyStr { origin: Arc::clone(origin), start, end };
            }
        }
        PolicyStr::by_span(origin, text, span)
    }

    /// [`PolicyStr::in_source`] for a `text` that is not a piece of the origin (unescaped, or a literal's
    /// value): shared if the token at `span` is `text` written verbatim, copied otherwise.
    #[cold]
    #[inline(never)]
    fn by_span(origin: &Arc<SourceText>, text: &str, span: Span) -> PolicyStr {
        let (start, end) = (span.start as usize, span.end as usize);
        let len = end.saturating_sub(start);
        let verbatim = if text.len() + 2 == len {
            Some((start + 1, end - 1))
        } else if text.len() == len {
            Some((start, end))
        } else {
            None
        };
        // Re-checked here, so a caller's mistake costs a copy, never a wrong string.
        match verbatim {
            Some((a, b)) if origin.text.as_bytes().get(a..b) == Some(text.as_bytes()) => {
                PolicyStr::shared(origin, a, b)
            }
            _ => PolicyStr::owned(text),
        }
    }

    /// `origin.text[start..end]`, shared; a copy if that is not a piece of it.
    #[inline]
    pub fn shared(origin: &Arc<SourceText>, start: usize, end: usize) -> PolicyStr {
        match (origin.text.get(start..end), u32::try_from(start), u32::try_from(end)) {
            (Some(_), Ok(start), Ok(end)) => PolicyStr { origin: Arc::clone(origin), start, end },
            (piece, _, _) => PolicyStr::owned(piece.unwrap_or("")),
        }
    }

    // `inline`: the evaluator reads patterns and values through this for every statement of every request.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.origin.text.get(self.start as usize..self.end as usize).unwrap_or("")
    }

    /// Whether the characters are shared with a larger text (for tests and curiosity).
    pub fn is_shared(&self) -> bool {
        self.start != 0 || self.end as usize != self.origin.text.len()
    }
}

impl Deref for PolicyStr {
    type Target = str;
    #[inline]
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
        // A text of 4 GiB or more is cut to what a span can address (no policy comes near).
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        PolicyStr { origin: Arc::new(SourceText::new(text)), start: 0, end }
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
        let buffer = Arc::new(SourceText::new("aws:sourceips3:prefix"));
        let piece = PolicyStr::shared(&buffer, 4, 12);
        assert!(piece.is_shared());
        assert_eq!(piece, "sourceip");
        let copied = PolicyStr::shared(&buffer, 4, 99);
        assert!(!copied.is_shared());
        assert_eq!(copied, "");
        let owned = PolicyStr::from("mine".to_string());
        assert!(!owned.is_shared());
        assert_eq!((owned.as_str(), PolicyStr::owned("x").as_str()), ("mine", "x"));
        assert_eq!(std::mem::size_of::<PolicyStr>(), 16);
    }
}
