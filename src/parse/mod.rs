//! JSON text -> model. A span-keeping JSON reader (duplicate keys rejected, depth and size limited), the
//! policy grammar for each policy type, and the scenario reader (unknown fields rejected). Every problem is
//! a [`crate::model::Diagnostic`] with a stable code and a range.

mod arn;
pub mod json;
pub mod policy;
pub mod scenario;

use std::sync::Arc;

use crate::model::{Diagnostic, Severity};
use crate::source::{SourceText, Span};

pub use json::{Json, JsonError, JsonValue, Limits, Member, parse_json};
pub use policy::{PolicyInput, parse_policy_text, policy_from_json};
pub use scenario::{
    options_from_json, parse_options, parse_policy_set, parse_request, parse_scenario, policy_set_from_json,
    request_from_json, scenario_from_json,
};

/// The AWS simulator's limit for one policy text, whitespace included.
pub const POLICY_MAX_CHARS: usize = 131_072;

/// A parse result: the value when no diagnostic is an error, and every diagnostic either way.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// Keeps `value` only when no diagnostic is an error (so `value` is `None` iff there is one).
    pub fn new(value: Option<T>, diagnostics: Vec<Diagnostic>) -> Parsed<T> {
        let has_error = diagnostics.iter().any(Diagnostic::is_error);
        let value = if has_error { None } else { value };
        let diagnostics = if value.is_none() && !has_error {
            // A value can only be missing because of an error; say so rather than fail silently.
            let mut d = diagnostics;
            d.push(Diagnostic::error("INTERNAL_ERROR", "the input could not be read (no diagnostic explains why)"));
            d
        } else {
            diagnostics
        };
        Parsed { value, diagnostics }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed { value: self.value.map(f), diagnostics: self.diagnostics }
    }
}

/// Collects diagnostics located in one text.
pub(crate) struct Diags {
    pub origin: Arc<SourceText>,
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn new(origin: Arc<SourceText>) -> Diags {
        Diags { origin, list: Vec::new() }
    }

    pub fn push(&mut self, severity: Severity, code: &str, source: &str, span: Span, message: impl Into<String>) {
        let d = Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            source: Some(source.to_string()),
            range: Some(self.origin.range(span)),
        };
        self.list.push(d);
    }

    pub fn error(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Error, code, source, span, message);
    }

    pub fn warning(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, code, source, span, message);
    }

    pub fn info(&mut self, code: &str, source: &str, span: Span, message: impl Into<String>) {
        self.push(Severity::Info, code, source, span, message);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn finish<T>(self, value: Option<T>) -> Parsed<T> {
        Parsed::new(value, self.list)
    }
}

/// `" (did you mean \"Effect\"?)"` when `word` is a near miss of one of `known` (other case, or one or two
/// typos away), else `""`.
pub(crate) fn did_you_mean(word: &str, known: &[&str]) -> String {
    let lower = word.to_ascii_lowercase();
    let best = known
        .iter()
        .filter(|k| **k != word)
        .map(|k| {
            let d = if k.eq_ignore_ascii_case(word) { 0 } else { edit_distance(&lower, &k.to_ascii_lowercase()) };
            (d, *k)
        })
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, k)) if d <= 2 && d < word.chars().count() => format!(" (did you mean \"{k}\"?)"),
        _ => String::new(),
    }
}

/// Levenshtein distance, capped: names are short, and only small distances matter.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let sub = prev.get(j).copied().unwrap_or(usize::MAX - 1) + cost;
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX - 1) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// Allowed names listed for a message: `"a", "b" or "c"`.
pub(crate) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_catches_case_and_small_typos() {
        let known = ["Effect", "Action", "Resource"];
        assert_eq!(did_you_mean("effect", &known), " (did you mean \"Effect\"?)");
        assert_eq!(did_you_mean("Resouce", &known), " (did you mean \"Resource\"?)");
        assert_eq!(did_you_mean("Banana", &known), "");
        assert_eq!(did_you_mean("x", &["y"]), "");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }

    #[test]
    fn list_names_reads_as_english() {
        assert_eq!(list_names(&["a"]), "\"a\"");
        assert_eq!(list_names(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
    }

    #[test]
    fn parsed_drops_the_value_when_there_is_an_error() {
        let p = Parsed::new(Some(1), vec![Diagnostic::warning("W", "w")]);
        assert_eq!(p.value, Some(1));
        let p = Parsed::new(Some(1), vec![Diagnostic::error("E", "e")]);
        assert_eq!(p.value, None);
        let p: Parsed<i32> = Parsed::new(None, vec![]);
        assert_eq!(p.diagnostics[0].code, "INTERNAL_ERROR");
    }
}
