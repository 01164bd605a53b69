//! Policy-variable resolution (conditions spec §4.2–§4.7): turns a policy string into [`Pieces`] — policy
//! text, whose `*`/`?` stay wildcards, and substituted text, which is always literal — by looking each
//! `${key}` up in the request context.
//!
//! Variables are recognised only when the policy's Version is 2012-10-17 (`enabled`); otherwise, or when
//! the text has no `${`, the result is the text itself as one pattern piece and nothing is allocated.
//! Lookup is case-insensitive. A scalar, or a list of exactly one element, substitutes its text (`""`
//! substitutes nothing, the default is not used). An absent key, an empty list, or a list of two or more
//! values (multivalued keys cannot be variables) uses the default if one is written, otherwise the
//! variable is unresolvable and [`Resolved::unresolved`] is set: the caller then treats the whole value as
//! matching nothing. Malformed tokens stay ordinary policy text (see [`super::variable_syntax`]).

use std::ops::Range;

use super::variable_syntax::{Body, Scanner};
use super::wildcard::{Piece, Pieces};
use crate::model::{Context, ContextEntry, ContextValueRef};

pub use super::variable_syntax::{VariableProblem, VariableProblemKind, check_syntax};

/// A policy string after substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// Policy text and substituted text, in order (meaningless when `unresolved`).
    pub pieces: Pieces<'a>,
    /// Some variable had no usable value and no default.
    pub unresolved: bool,
    /// Key names (as written) that a variable read and the request lacks (absent or `[]`), defaults or
    /// not, each once, in order of appearance: the request's missing context keys.
    pub missing: Vec<&'a str>,
    /// One entry per variable (specials excluded); filled only by [`resolve_traced`].
    pub uses: Vec<VariableUse>,
}

/// How one variable was resolved, for explain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableUse {
    /// The key name as written.
    pub name: String,
    /// Byte range of the `${…}` token in the resolved text.
    pub range: Range<usize>,
    /// The substituted text; `None` when unresolvable.
    pub value: Option<String>,
    pub default_used: bool,
    pub outcome: VariableOutcome,
}

/// Why a variable produced what it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariableOutcome {
    /// The key had one value (a scalar).
    Value,
    /// The key was a list of exactly one value; its element was used (simulator convention).
    SingleElementList,
    /// The key was absent (or an empty list); the default was used.
    DefaultForAbsent,
    /// The key had several values, which a variable cannot use; the default was used (convention).
    DefaultForMultivalued,
    /// The key was absent and there is no default: the value matches nothing.
    UnresolvedAbsent,
    /// The key had several values and there is no default: the value matches nothing (convention).
    UnresolvedMultivalued,
}

/// Does the text contain something that looks like a policy variable (`${`)?
pub fn has_variables(text: &str) -> bool {
    // Most patterns have no `$` at all: a word-at-a-time scan says so; a byte scan finds `${` otherwise.
    let bytes = text.as_bytes();
    super::bytes::contains_either(bytes, b'$', b'$')
        && bytes.iter().zip(bytes.iter().skip(1)).any(|(&a, &b)| a == b'$' && b == b'{')
}

/// Substitutes the variables of `text` from `ctx` (`enabled`: the policy's Version is 2012-10-17).
pub fn resolve<'a>(text: &'a str, ctx: &'a Context, enabled: bool) -> Resolved<'a> {
    resolve_with(text, ctx, enabled, false)
}

/// [`resolve`], also recording every variable's lookup in [`Resolved::uses`].
pub fn resolve_traced<'a>(text: &'a str, ctx: &'a Context, enabled: bool) -> Resolved<'a> {
    resolve_with(text, ctx, enabled, true)
}

/// The context keys that the variables of `text` read and the request lacks (see [`Resolved::missing`]).
pub fn missing_keys<'a>(text: &'a str, ctx: &Context, enabled: bool) -> Vec<&'a str> {
    let mut missing = Vec::new();
    if enabled && has_variables(text) {
        for found in Scanner::new(text) {
            if let Ok(Body::Key { name, .. }) = found.body {
                if matches!(lookup(ctx, name), Lookup::Absent) {
                    push_once(&mut missing, name);
                }
            }
        }
    }
    missing
}

fn resolve_with<'a>(text: &'a str, ctx: &'a Context, enabled: bool, trace: bool) -> Resolved<'a> {
    let mut resolved = Resolved {
        pieces: Pieces::One(Piece::Pattern(text)),
        unresolved: false,
        missing: Vec::new(),
        uses: Vec::new(),
    };
    if !enabled || !has_variables(text) {
        return resolved;
    }
    let mut pieces = Vec::new();
    let mut plain_start = 0;
    for found in Scanner::new(text) {
        // A malformed token stays part of the surrounding policy text.
        let Ok(body) = found.body else { continue };
        push_nonempty(&mut pieces, Piece::Pattern(text.get(plain_start..found.range.start).unwrap_or_default()));
        plain_start = found.range.end;
        let (name, default) = match body {
            Body::Special(literal) => {
                pieces.push(Piece::Literal(literal));
                continue;
            }
            Body::Key { name, default } => (name, default),
        };
        let (value, outcome) = match (lookup(ctx, name), default) {
            (Lookup::Value(value), _) => (Some(value), VariableOutcome::Value),
            (Lookup::SingleElement(value), _) => (Some(value), VariableOutcome::SingleElementList),
            (Lookup::Absent, Some(default)) => (Some(default), VariableOutcome::DefaultForAbsent),
            (Lookup::Multivalued, Some(default)) => (Some(default), VariableOutcome::DefaultForMultivalued),
            (Lookup::Absent, None) => (None, VariableOutcome::UnresolvedAbsent),
            (Lookup::Multivalued, None) => (None, VariableOutcome::UnresolvedMultivalued),
        };
        if matches!(outcome, VariableOutcome::DefaultForAbsent | VariableOutcome::UnresolvedAbsent) {
            push_once(&mut resolved.missing, name);
        }
        match value {
            Some(value) => push_nonempty(&mut pieces, Piece::Literal(value)),
            None => resolved.unresolved = true,
        }
        if trace {
            resolved.uses.push(VariableUse {
                name: name.to_string(),
                range: found.range,
                value: value.map(str::to_string),
                default_used: matches!(
                    outcome,
                    VariableOutcome::DefaultForAbsent | VariableOutcome::DefaultForMultivalued
                ),
                outcome,
            });
        }
    }
    push_nonempty(&mut pieces, Piece::Pattern(text.get(plain_start..).unwrap_or_default()));
    resolved.pieces = match pieces.as_slice() {
        [only] => Pieces::One(*only),
        _ => Pieces::Many(pieces),
    };
    resolved
}

fn push_nonempty<'a>(pieces: &mut Vec<Piece<'a>>, piece: Piece<'a>) {
    if !piece.text().is_empty() {
        pieces.push(piece);
    }
}

fn push_once<'a>(names: &mut Vec<&'a str>, name: &'a str) {
    if !names.iter().any(|known| known.eq_ignore_ascii_case(name)) {
        names.push(name);
    }
}

/// What the context holds for a variable's key.
enum Lookup<'c> {
    Value(&'c str),
    SingleElement(&'c str),
    Absent,
    Multivalued,
}

fn lookup<'c>(ctx: &'c Context, name: &str) -> Lookup<'c> {
    match entry(ctx, name).map(|entry| entry.value) {
        None => Lookup::Absent,
        Some(ContextValueRef::Scalar(value)) => Lookup::Value(value),
        Some(ContextValueRef::List(values)) => match values {
            [] => Lookup::Absent,
            [value] => Lookup::SingleElement(value),
            _ => Lookup::Multivalued,
        },
    }
}

/// Case-insensitive lookup that lowercases short names on the stack instead of allocating.
fn entry<'c>(ctx: &'c Context, name: &str) -> Option<ContextEntry<'c>> {
    let mut buffer = [0u8; 128];
    if let Some(lower) = buffer.get_mut(..name.len()) {
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return ctx.get_lower(lower);
        }
    }
    ctx.get(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContextValue;

    fn context(entries: &[(&str, ContextValue)]) -> Context {
        let mut ctx = Context::new();
        for (key, value) in entries {
            ctx.insert(key, value.clone(), false);
        }
        ctx
    }

    fn scalar(s: &str) -> ContextValue {
        ContextValue::Scalar(s.to_string())
    }

    fn list(items: &[&str]) -> ContextValue {
        ContextValue::List(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn text_without_variables_is_one_pattern_piece() {
        let ctx = Context::new();
        let r = resolve("arn:aws:s3:::b/*", &ctx, true);
        assert_eq!(r.pieces, Pieces::One(Piece::Pattern("arn:aws:s3:::b/*")));
        assert!(!r.unresolved);
        assert!(r.missing.is_empty());
    }

    #[test]
    fn disabled_version_keeps_the_text_as_written() {
        let ctx = context(&[("aws:username", scalar("alice"))]);
        let r = resolve("home/${aws:username}/*", &ctx, false);
        assert_eq!(r.pieces, Pieces::One(Piece::Pattern("home/${aws:username}/*")));
        assert!(!r.unresolved);
    }

    #[test]
    fn substitutes_scalars_case_insensitively() {
        let ctx = context(&[("aws:username", scalar("alice"))]);
        let r = resolve("home/${AWS:UserName}/*", &ctx, true);
        assert_eq!(
            r.pieces,
            Pieces::Many(vec![Piece::Pattern("home/"), Piece::Literal("alice"), Piece::Pattern("/*")])
        );
        assert!(!r.unresolved);
        assert!(r.uses.is_empty());
        assert_eq!(resolve("${aws:username}", &ctx, true).pieces, Pieces::One(Piece::Literal("alice")));
    }

    #[test]
    fn lists_of_one_substitute_their_element_longer_lists_are_unusable() {
        let ctx = context(&[("k1", list(&["only"])), ("k2", list(&["a", "b"])), ("k0", list(&[]))]);
        assert_eq!(resolve("${k1}", &ctx, true).pieces, Pieces::One(Piece::Literal("only")));
        let r = resolve("x${k2}", &ctx, true);
        assert!(r.unresolved);
        assert!(r.missing.is_empty());
        let r = resolve("${k2, 'none'}", &ctx, true);
        assert!(!r.unresolved);
        assert_eq!(r.pieces, Pieces::One(Piece::Literal("none")));
        let r = resolve("${k0}", &ctx, true);
        assert!(r.unresolved);
        assert_eq!(r.missing, vec!["k0"]);
    }

    #[test]
    fn defaults_and_unresolvable() {
        let ctx = Context::new();
        let r = resolve("${aws:PrincipalTag/team, 'company-wide'}", &ctx, true);
        assert_eq!(r.pieces, Pieces::One(Piece::Literal("company-wide")));
        assert!(!r.unresolved);
        assert_eq!(r.missing, vec!["aws:PrincipalTag/team"]);
        let r = resolve("home/${aws:username}/*", &ctx, true);
        assert!(r.unresolved);
        assert_eq!(r.missing, vec!["aws:username"]);
        let r = resolve("${a}${A}${b,'x'}", &ctx, true);
        assert_eq!(r.missing, vec!["a", "b"]);
    }

    #[test]
    fn empty_value_substitutes_nothing_and_ignores_the_default() {
        let ctx = context(&[("k", scalar(""))]);
        let r = resolve("a${k, 'd'}b", &ctx, true);
        assert_eq!(r.pieces, Pieces::Many(vec![Piece::Pattern("a"), Piece::Pattern("b")]));
        assert!(!r.unresolved);
        assert!(r.missing.is_empty());
    }

    #[test]
    fn specials_are_literal_characters() {
        let ctx = Context::new();
        let r = resolve("file${*}name${?}${$}", &ctx, true);
        assert_eq!(
            r.pieces,
            Pieces::Many(vec![
                Piece::Pattern("file"),
                Piece::Literal("*"),
                Piece::Pattern("name"),
                Piece::Literal("?"),
                Piece::Literal("$"),
            ])
        );
        assert!(!r.unresolved);
    }

    #[test]
    fn malformed_tokens_stay_policy_text() {
        let ctx = context(&[("k", scalar("v"))]);
        let r = resolve("a${x y}*${k}", &ctx, true);
        assert_eq!(r.pieces, Pieces::Many(vec![Piece::Pattern("a${x y}*"), Piece::Literal("v")]));
        let r = resolve("a${k", &ctx, true);
        assert_eq!(r.pieces, Pieces::One(Piece::Pattern("a${k")));
        assert!(!r.unresolved);
    }

    #[test]
    fn substituted_text_is_never_a_wildcard() {
        let ctx = context(&[("aws:PrincipalTag/team", scalar("*"))]);
        let r = resolve("${aws:PrincipalTag/team}", &ctx, true);
        assert!(!crate::matching::wildcard::pieces_match(&r.pieces, "finance"));
        assert!(crate::matching::wildcard::pieces_match(&r.pieces, "*"));
    }

    #[test]
    fn traced_resolution_records_each_variable() {
        let ctx = context(&[("aws:username", scalar("bob")), ("multi", list(&["a", "b"])), ("one", list(&["x"]))]);
        let r = resolve_traced("${aws:username}/${t, 'd'}/${multi}/${one}/${*}/${gone}", &ctx, true);
        let uses: Vec<(&str, Option<&str>, bool, VariableOutcome)> =
            r.uses.iter().map(|u| (u.name.as_str(), u.value.as_deref(), u.default_used, u.outcome)).collect();
        assert_eq!(
            uses,
            vec![
                ("aws:username", Some("bob"), false, VariableOutcome::Value),
                ("t", Some("d"), true, VariableOutcome::DefaultForAbsent),
                ("multi", None, false, VariableOutcome::UnresolvedMultivalued),
                ("one", Some("x"), false, VariableOutcome::SingleElementList),
                ("gone", None, false, VariableOutcome::UnresolvedAbsent),
            ]
        );
        assert_eq!(r.uses[0].range, 0..15);
        assert!(r.unresolved);
        assert_eq!(r.missing, vec!["t", "gone"]);
    }

    #[test]
    fn missing_keys_without_resolving() {
        let ctx = context(&[("aws:username", scalar("bob"))]);
        assert_eq!(
            missing_keys("${aws:username}${aws:PrincipalTag/x, 'd'}${bad name}", &ctx, true),
            vec!["aws:PrincipalTag/x"]
        );
        assert!(missing_keys("${a}", &ctx, false).is_empty());
        assert!(has_variables("x${a}"));
        assert!(!has_variables("x$a{}"));
        assert!(has_variables("${"));
        assert!(!has_variables("$"));
        assert!(!has_variables(""));
    }

    #[test]
    fn long_key_names_still_resolve() {
        let long = format!("aws:PrincipalTag/{}", "A".repeat(200));
        let ctx = context(&[(&long, scalar("v"))]);
        assert_eq!(resolve(&format!("${{{long}}}"), &ctx, true).pieces, Pieces::One(Piece::Literal("v")));
    }
}
