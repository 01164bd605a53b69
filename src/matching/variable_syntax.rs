//! Policy-variable syntax (conditions spec §4.3): finding `${…}` tokens in a policy string, telling a
//! variable from a special (`${*}`, `${?}`, `${$}`) and a malformed token, and the problems a validator
//! reports. Resolution against a request lives in [`super::variables`]; this module reads no context.
//!
//! A token starts at `${` and ends at the first `}` after it. Its body is a special, or a key name with an
//! optional default `, 'text'`. Spacing around the comma is accepted leniently (with a warning); a
//! malformed token stays ordinary policy text and never resolves.

use std::ops::Range;

/// What is wrong with a `${…}` token. Every kind but [`NonCanonicalDefaultSpacing`] is an error and makes
/// the token ordinary text.
///
/// [`NonCanonicalDefaultSpacing`]: VariableProblemKind::NonCanonicalDefaultSpacing
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariableProblemKind {
    /// `${` with no `}` after it.
    MissingBrace,
    /// `${}` or a body of spaces only, or a default with no name (`${, 'x'}`).
    EmptyVariable,
    /// Whitespace inside the key name.
    SpaceInName,
    /// A `'` inside the key name.
    InvalidCharacterInName,
    /// A default that is not one single-quoted text (`${key, x}`, `${key, 'x}`).
    MissingQuote,
    /// Warning: accepted, but the canonical form is a comma and one space (`${key, 'x'}`).
    NonCanonicalDefaultSpacing,
}

impl VariableProblemKind {
    /// Stable UPPER_SNAKE code for diagnostics.
    pub fn code(self) -> &'static str {
        match self {
            VariableProblemKind::MissingBrace => "MISSING_BRACE_IN_VARIABLE",
            VariableProblemKind::EmptyVariable => "EMPTY_VARIABLE",
            VariableProblemKind::SpaceInName => "UNSUPPORTED_SPACE_IN_VARIABLE",
            VariableProblemKind::InvalidCharacterInName => "INVALID_CHARACTER_IN_VARIABLE",
            VariableProblemKind::MissingQuote => "MISSING_QUOTE_IN_VARIABLE",
            VariableProblemKind::NonCanonicalDefaultSpacing => "NONCANONICAL_VARIABLE_DEFAULT",
        }
    }

    /// A sentence for people.
    pub fn message(self) -> &'static str {
        match self {
            VariableProblemKind::MissingBrace => {
                "The policy variable has no closing brace `}`; it is treated as plain text."
            }
            VariableProblemKind::EmptyVariable => {
                "The policy variable `${}` names no context key; it is treated as plain text."
            }
            VariableProblemKind::SpaceInName => {
                "The policy variable's key name contains a space; it is treated as plain text."
            }
            VariableProblemKind::InvalidCharacterInName => {
                "The policy variable's key name contains a quote `'`; it is treated as plain text."
            }
            VariableProblemKind::MissingQuote => {
                "The policy variable's default value must be wrapped in single quotes, as in `${key, 'default'}`; \
                 it is treated as plain text."
            }
            VariableProblemKind::NonCanonicalDefaultSpacing => {
                "Write a default value as a comma and one space before the quoted text: `${key, 'default'}`."
            }
        }
    }

    /// False only for the spacing warning.
    pub fn is_error(self) -> bool {
        self != VariableProblemKind::NonCanonicalDefaultSpacing
    }
}

/// A problem and the byte range of its `${…}` token within the checked text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableProblem {
    pub kind: VariableProblemKind,
    pub range: Range<usize>,
}

/// Finds the syntax problems of every `${…}` token in `text` (as if variables were enabled).
pub fn check_syntax(text: &str) -> Vec<VariableProblem> {
    let mut problems = Vec::new();
    for found in Scanner::new(text) {
        match found.body {
            Err(kind) => problems.push(VariableProblem { kind, range: found.range }),
            Ok(_) if found.noncanonical_spacing => problems
                .push(VariableProblem { kind: VariableProblemKind::NonCanonicalDefaultSpacing, range: found.range }),
            Ok(_) => {}
        }
    }
    problems
}

/// A well-formed token's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Body<'a> {
    /// `${*}`, `${?}`, `${$}`: the character itself, literally.
    Special(&'static str),
    /// A context key, and the default text between the quotes if one is given.
    Key { name: &'a str, default: Option<&'a str> },
}

/// One `${…}` token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    /// From `$` to `}` inclusive (to the end of the text for a missing brace).
    pub range: Range<usize>,
    pub body: Result<Body<'a>, VariableProblemKind>,
    pub noncanonical_spacing: bool,
}

/// Iterates over the `${…}` tokens of a text, left to right.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Scanner<'a> {
        Scanner { text, pos: 0 }
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Found<'a>;

    fn next(&mut self) -> Option<Found<'a>> {
        let start = self.pos + self.text.get(self.pos..)?.find("${")?;
        let body_start = start + 2;
        let Some(close) = self.text.get(body_start..).and_then(|rest| rest.find('}')) else {
            self.pos = self.text.len();
            let range = start..self.text.len();
            return Some(Found { range, body: Err(VariableProblemKind::MissingBrace), noncanonical_spacing: false });
        };
        let body_end = body_start + close;
        self.pos = body_end + 1;
        let body = self.text.get(body_start..body_end).unwrap_or_default();
        let (body, noncanonical_spacing) = parse_body(body);
        Some(Found { range: start..self.pos, body, noncanonical_spacing })
    }
}

/// Parses what stands between `${` and `}`; the flag is true for accepted but non-canonical spacing.
fn parse_body(body: &str) -> (Result<Body<'_>, VariableProblemKind>, bool) {
    match body {
        "*" => return (Ok(Body::Special("*")), false),
        "?" => return (Ok(Body::Special("?")), false),
        "$" => return (Ok(Body::Special("$")), false),
        _ => {}
    }
    let Some((name_part, rest)) = body.split_once(',') else {
        return (check_name(body).map(|name| Body::Key { name, default: None }), false);
    };
    let name = name_part.trim_end();
    let name = match check_name(name) {
        Ok(name) => name,
        Err(kind) => return (Err(kind), false),
    };
    let quoted = rest.trim_start();
    let canonical = name.len() == name_part.len() && rest.len() - quoted.len() == 1 && rest.starts_with(' ');
    let default =
        quoted.strip_prefix('\'').and_then(|inner| inner.strip_suffix('\'')).filter(|inner| !inner.contains('\''));
    match default {
        Some(default) => (Ok(Body::Key { name, default: Some(default) }), !canonical),
        None => (Err(VariableProblemKind::MissingQuote), false),
    }
}

fn check_name(name: &str) -> Result<&str, VariableProblemKind> {
    if name.trim().is_empty() {
        Err(VariableProblemKind::EmptyVariable)
    } else if name.chars().any(char::is_whitespace) {
        Err(VariableProblemKind::SpaceInName)
    } else if name.contains('\'') {
        Err(VariableProblemKind::InvalidCharacterInName)
    } else {
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VariableProblemKind::*;

    fn scan(text: &str) -> Vec<Found<'_>> {
        Scanner::new(text).collect()
    }

    #[test]
    fn finds_variables_specials_and_defaults() {
        let found = scan("home/${aws:username}/${*}x${aws:PrincipalTag/team, 'none'}");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].range, 5..20);
        assert_eq!(found[0].body, Ok(Body::Key { name: "aws:username", default: None }));
        assert_eq!(found[1].range, 21..25);
        assert_eq!(found[1].body, Ok(Body::Special("*")));
        assert_eq!(found[2].body, Ok(Body::Key { name: "aws:PrincipalTag/team", default: Some("none") }));
        assert!(!found[2].noncanonical_spacing);
        assert_eq!(scan("${?}${$}")[1].body, Ok(Body::Special("$")));
        assert!(scan("no variables, $ { } here").is_empty());
    }

    #[test]
    fn default_spacing_is_lenient() {
        for text in ["${k,'d'}", "${k , 'd'}", "${k,  'd'}", "${k ,'d'}"] {
            let found = scan(text);
            assert_eq!(found[0].body, Ok(Body::Key { name: "k", default: Some("d") }), "{text}");
            assert!(found[0].noncanonical_spacing, "{text}");
        }
        assert_eq!(scan("${k, ''}")[0].body, Ok(Body::Key { name: "k", default: Some("") }));
        assert_eq!(scan("${k, 'a, b'}")[0].body, Ok(Body::Key { name: "k", default: Some("a, b") }));
    }

    #[test]
    fn malformed_tokens() {
        assert_eq!(scan("a${aws:username")[0].body, Err(MissingBrace));
        assert_eq!(scan("a${aws:username")[0].range, 1..15);
        assert_eq!(scan("${}")[0].body, Err(EmptyVariable));
        assert_eq!(scan("${  }")[0].body, Err(EmptyVariable));
        assert_eq!(scan("${, 'x'}")[0].body, Err(EmptyVariable));
        assert_eq!(scan("${aws:user name}")[0].body, Err(SpaceInName));
        assert_eq!(scan("${ aws:username}")[0].body, Err(SpaceInName));
        assert_eq!(scan("${aws:username 'x'}")[0].body, Err(SpaceInName));
        assert_eq!(scan("${aws:user'name}")[0].body, Err(InvalidCharacterInName));
        assert_eq!(scan("${k, x}")[0].body, Err(MissingQuote));
        assert_eq!(scan("${k, 'x}")[0].body, Err(MissingQuote));
        assert_eq!(scan("${k, 'x'y'}")[0].body, Err(MissingQuote));
        assert_eq!(scan("${k, 'x' }")[0].body, Err(MissingQuote));
        assert_eq!(scan("${k, '}")[0].body, Err(MissingQuote));
        // Scanning resumes after a malformed token's brace.
        let found = scan("${a b}${c}");
        assert_eq!(found[1].body, Ok(Body::Key { name: "c", default: None }));
    }

    #[test]
    fn check_syntax_reports_ranges_and_codes() {
        assert_eq!(check_syntax("arn:aws:s3:::home/${aws:username}/*"), vec![]);
        assert_eq!(
            check_syntax("x${}y${a b}${k,'d'}${open"),
            vec![
                VariableProblem { kind: EmptyVariable, range: 1..4 },
                VariableProblem { kind: SpaceInName, range: 5..11 },
                VariableProblem { kind: NonCanonicalDefaultSpacing, range: 11..19 },
                VariableProblem { kind: MissingBrace, range: 19..25 },
            ]
        );
        assert_eq!(MissingBrace.code(), "MISSING_BRACE_IN_VARIABLE");
        assert!(MissingQuote.is_error());
        assert!(!NonCanonicalDefaultSpacing.is_error());
    }

    #[test]
    fn byte_offsets_with_non_ascii_text() {
        assert_eq!(check_syntax("é${}"), vec![VariableProblem { kind: EmptyVariable, range: 2..5 }]);
    }
}
