//! The shared storage of one policy while it is read: every list of two or more patterns, condition
//! clauses or condition values goes into one [`ListPool`] per kind, and every condition key that is not
//! already in lower case gets its lower-case form from one buffer made for the whole policy. A policy then
//! costs a handful of allocations instead of one per list and per condition key (in WebAssembly each
//! allocation costs more than natively). [`Pools::attach`] hands the finished stores to the lists.

use std::sync::Arc;

use crate::model::{ConditionClause, ConditionValue, ListPool, OneOrMany, Pattern, PolicyStr, Statement};
use crate::source::SourceText;

use super::super::{Json, JsonValue, Member};

pub(crate) struct Pools {
    pub patterns: ListPool<Pattern>,
    pub clauses: ListPool<ConditionClause>,
    pub values: ListPool<ConditionValue>,
    /// The condition keys that have upper-case letters, in lower case, in the order the statements are
    /// read (see [`Pools::key_lower`]).
    lower: Option<Arc<SourceText>>,
    /// Per piece of `lower`: where its key starts in the source, and where the piece ends in `lower`.
    pieces: Vec<(u32, u32)>,
    /// The next piece to hand out.
    next: usize,
}

/// The statements of a policy document, however `Statement` holds them (the shapes `read_statements`
/// accepts; anything else has none).
pub(super) fn statements_of<'j>(document: &'j Json<'j>) -> &'j [Json<'j>] {
    match document.get("Statement") {
        Some(s @ Json { value: JsonValue::Object(_), .. }) => std::slice::from_ref(s),
        Some(Json { value: JsonValue::Array(items), .. }) => items,
        _ => &[],
    }
}

/// Appends `bytes` with `A`-`Z` lowered.
fn push_ascii_lowercase(out: &mut Vec<u8>, bytes: &[u8]) {
    let at = out.len();
    out.extend_from_slice(bytes);
    crate::matching::bytes::lowercase_ascii(out.get_mut(at..).unwrap_or_default());
}

fn has_upper(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_uppercase())
}

/// The members of every operator object of a Condition value, in source order (what `read_condition`
/// reads).
fn condition_keys<'j>(condition: &'j Json<'j>) -> impl Iterator<Item = &'j Member<'j>> {
    let operators = condition.as_object().unwrap_or_default();
    operators.iter().filter_map(|om| om.value.as_object()).flatten()
}

/// How many items a pool will hold for a value that is a list (arrays of two or more).
fn pooled(value: &Json) -> usize {
    value.as_array().map_or(0, |items| if items.len() > 1 { items.len() } else { 0 })
}

impl Pools {
    /// Sizes the pools and lowers the condition keys from the document's JSON, before any statement is
    /// read.
    pub fn new(document: &Json) -> Pools {
        let statements = statements_of(document);
        let (mut patterns, mut clauses, mut values, mut lower_len, mut lowered) = (0, 0, 0, 0, 0);
        for members in statements.iter().filter_map(Json::as_object) {
            let mut keys = 0;
            for m in members {
                match m.key {
                    "Action" | "NotAction" | "Resource" | "NotResource" => patterns += pooled(&m.value),
                    "Condition" => {
                        for km in condition_keys(&m.value) {
                            keys += 1;
                            values += pooled(&km.value);
                            if has_upper(km.key) {
                                lower_len += km.key.len();
                                lowered += 1;
                            }
                        }
                    }
                    _ => {}
                }
            }
            if keys > 1 {
                clauses += keys;
            }
        }
        // ASCII lowering keeps UTF-8 valid, so the check at the end always passes.
        let (mut lower, mut pieces) = (Vec::with_capacity(lower_len), Vec::with_capacity(lowered));
        if lowered > 0 {
            for members in statements.iter().filter_map(Json::as_object) {
                let condition = members.iter().find(|m| m.key == "Condition");
                for km in condition.into_iter().flat_map(|m| condition_keys(&m.value)) {
                    if has_upper(km.key) {
                        push_ascii_lowercase(&mut lower, km.key.as_bytes());
                        pieces.push((km.key_span.start, u32::try_from(lower.len()).unwrap_or(u32::MAX)));
                    }
                }
            }
        }
        let lower = String::from_utf8(lower).ok().filter(|l| !l.is_empty());
        Pools {
            patterns: ListPool::with_capacity(patterns),
            clauses: ListPool::with_capacity(clauses),
            values: ListPool::with_capacity(values),
            lower: lower.map(|l| Arc::new(SourceText::new(l))),
            pieces,
            next: 0,
        }
    }

    /// The lower-case form of the condition key at `key_span_start` (`written` is the key as written).
    /// Called for the keys in source order, so the next piece is this key's when it has one: a key without
    /// upper-case letters has none and is its own lower-case form.
    pub fn key_lower(&mut self, key_span_start: u32, written: &PolicyStr) -> PolicyStr {
        let start = match self.next.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(_, end)) => end as usize,
            None => 0,
        };
        match (self.pieces.get(self.next), &self.lower) {
            (Some(&(key_start, end)), Some(buffer)) if key_start == key_span_start => {
                self.next += 1;
                PolicyStr::shared(buffer, start, end as usize)
            }
            // Not a key `new` lowered: it has no upper-case letter (or the reading order changed, and
            // then the copy keeps it right).
            _ if has_upper(written) => PolicyStr::from(written.to_ascii_lowercase()),
            _ => written.clone(),
        }
    }

    /// The items of `list`, also while it waits in its pool (for checks made before the policy is done).
    pub fn patterns_of<'p>(&'p self, list: &'p OneOrMany<Pattern>) -> &'p [Pattern] {
        self.patterns.items_of(list)
    }

    /// Finishes the pools and points every pooled list of `statements` at its store.
    pub fn attach(self, statements: &mut [Statement]) {
        let Pools { patterns, mut clauses, values, .. } = self;
        if let Some(values) = values.finish() {
            for clause in clauses.items_mut() {
                clause.values.attach(&values);
            }
            for statement in statements.iter_mut() {
                if let OneOrMany::One(clause) = &mut statement.conditions {
                    clause.values.attach(&values);
                }
            }
        }
        let (clauses, patterns) = (clauses.finish(), patterns.finish());
        for statement in statements.iter_mut() {
            if let Some(clauses) = &clauses {
                statement.conditions.attach(clauses);
            }
            if let Some(patterns) = &patterns {
                statement.action.patterns.attach(patterns);
                if let Some(resource) = statement.resource.as_mut() {
                    resource.patterns.attach(patterns);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_eight_at_a_time_agrees_with_a_byte_loop() {
        let every_byte: Vec<u8> = (0..=255u8).collect();
        for text in [&b"aws:RequestedRegion"[..], b"AZaz@[`{", b"", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", &every_byte] {
            for start in 0..text.len().min(9) {
                let bytes = &text[start..];
                let mut out = vec![7u8];
                push_ascii_lowercase(&mut out, bytes);
                let expected: Vec<u8> = std::iter::once(7).chain(bytes.iter().map(u8::to_ascii_lowercase)).collect();
                assert_eq!(out, expected, "{bytes:?}");
            }
        }
    }
}
