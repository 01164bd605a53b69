//! The request context: condition keys to values. Key names are case-insensitive (stored lowercased, the
//! original spelling kept for traces); values are untyped text, each operator parses what it needs.

use std::collections::HashMap;

/// A context value: one string, or a list (a multivalued key). An empty list behaves as an absent key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    Scalar(String),
    List(Vec<String>),
}

/// One entry: the key as the user (or derivation) spelled it, and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextEntry {
    pub key: String,
    pub value: ContextValue,
    /// True when the engine derived it from the principal rather than the request giving it.
    pub derived: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: HashMap<String, ContextEntry>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Inserts or replaces (keys compare case-insensitively).
    pub fn insert(&mut self, key: &str, value: ContextValue, derived: bool) {
        self.entries
            .insert(key.to_ascii_lowercase(), ContextEntry { key: key.to_string(), value, derived });
    }

    /// Inserts only when the key is not there yet (explicit context wins over derived keys).
    pub fn insert_if_absent(&mut self, key: &str, value: ContextValue) {
        self.entries
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| ContextEntry { key: key.to_string(), value, derived: true });
    }

    /// Looks up by an already-lowercased key.
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextEntry> {
        self.entries.get(key_lower)
    }

    /// Looks up by a key in any letter case.
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.entries.get(&key.to_ascii_lowercase())
        } else {
            self.entries.get(key)
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries sorted by key, for stable output.
    pub fn sorted(&self) -> Vec<&ContextEntry> {
        let mut v: Vec<&ContextEntry> = self.entries.values().collect();
        v.sort_by_cached_key(|e| e.key.to_ascii_lowercase());
        v
    }
}
