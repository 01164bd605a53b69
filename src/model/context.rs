//! The request context: condition keys to values. Key names are case-insensitive (stored lowercased, the
//! original spelling kept for traces); values are untyped text, each operator parses what it needs.

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

/// Entries kept sorted by lowercased key, so a lookup is a binary search that neither hashes nor allocates,
/// whatever the letter case of the key asked for (contexts hold tens of keys, read on every condition).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(String, ContextEntry)>,
}

/// Compares a stored lowercased key with a key in any case, as if both were lowercased.
fn cmp_lower(stored_lower: &str, key: &str) -> std::cmp::Ordering {
    let a = stored_lower.bytes();
    let b = key.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(lower, _)| cmp_lower(lower, key))
    }

    /// Inserts or replaces (keys compare case-insensitively).
    pub fn insert(&mut self, key: &str, value: ContextValue, derived: bool) {
        let entry = ContextEntry { key: key.to_string(), value, derived };
        match self.find(key) {
            Ok(i) => {
                if let Some(slot) = self.entries.get_mut(i) {
                    slot.1 = entry;
                }
            }
            Err(i) => self.entries.insert(i, (key.to_ascii_lowercase(), entry)),
        }
    }

    /// Inserts only when the key is not there yet (explicit context wins over derived keys).
    pub fn insert_if_absent(&mut self, key: &str, value: ContextValue) {
        if let Err(i) = self.find(key) {
            self.entries.insert(i, (key.to_ascii_lowercase(), ContextEntry { key: key.to_string(), value, derived: true }));
        }
    }

    /// Looks up by an already-lowercased key (a plain byte comparison).
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextEntry> {
        let i = self.entries.binary_search_by(|(lower, _)| lower.as_str().cmp(key_lower)).ok()?;
        self.entries.get(i).map(|(_, e)| e)
    }

    /// Looks up by a key in any letter case.
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        if !key.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.get_lower(key);
        }
        self.find(key).ok().and_then(|i| self.entries.get(i)).map(|(_, e)| e)
    }

    /// Reserves room for `n` more entries.
    pub fn reserve(&mut self, n: usize) {
        self.entries.reserve(n);
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

    /// Entries sorted by key (case-insensitively), for stable output.
    pub fn sorted(&self) -> Vec<&ContextEntry> {
        self.entries.iter().map(|(_, e)| e).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_keep_their_spelling() {
        let mut c = Context::new();
        c.insert("aws:PrincipalTag/Team", ContextValue::Scalar("red".into()), false);
        c.insert("aws:SourceIp", ContextValue::Scalar("192.0.2.1".into()), false);
        assert_eq!(c.get("AWS:principaltag/team").map(|e| e.key.as_str()), Some("aws:PrincipalTag/Team"));
        assert!(c.get_lower("aws:sourceip").is_some());
        assert!(c.get("aws:SourceIp2").is_none());
        c.insert("AWS:SOURCEIP", ContextValue::Scalar("203.0.113.9".into()), false);
        assert_eq!(c.len(), 2);
        c.insert_if_absent("aws:sourceip", ContextValue::Scalar("ignored".into()));
        assert_eq!(c.get("aws:sourceip").map(|e| e.value.clone()), Some(ContextValue::Scalar("203.0.113.9".into())));
        let keys: Vec<&str> = c.sorted().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["aws:PrincipalTag/Team", "AWS:SOURCEIP"]);
    }
}
