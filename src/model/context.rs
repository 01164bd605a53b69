//! The request context: condition keys to values. Key names are case-insensitive (stored lowercased, the
//! original spelling kept for traces); values are untyped text, each operator parses what it needs.

use std::sync::Arc;

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

/// One sorted list of entries: `(key lowercased, entry)`.
type Entries = Vec<(String, ContextEntry)>;

/// Entries kept sorted by lowercased key, so a lookup is a binary search that neither hashes nor allocates,
/// whatever the letter case of the key asked for (contexts hold tens of keys, read on every condition).
/// The keys the request gave are shared between clones (copy-on-write); the keys the engine derives from
/// the principal live in a second small list. So evaluating a request someone keeps costs no copy of its
/// context, and a derived key can never shadow a given one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    given: Arc<Entries>,
    derived: Entries,
}

/// Compares a stored lowercased key with a key in any case, as if both were lowercased.
fn cmp_lower(stored_lower: &str, key: &str) -> std::cmp::Ordering {
    let a = stored_lower.bytes();
    let b = key.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

fn find(entries: &Entries, key: &str) -> Result<usize, usize> {
    entries.binary_search_by(|(lower, _)| cmp_lower(lower, key))
}

fn find_lower(entries: &Entries, key_lower: &str) -> Option<usize> {
    entries.binary_search_by(|(lower, _)| lower.as_str().cmp(key_lower)).ok()
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// A context of given keys built in one sort (a request's whole context at once, instead of one sorted
    /// insertion per key). Of keys that differ only in letter case, the last one given stays.
    pub fn from_given(entries: Vec<(String, ContextValue)>) -> Context {
        let mut list: Entries = entries
            .into_iter()
            .map(|(key, value)| (key.to_ascii_lowercase(), ContextEntry { key, value, derived: false }))
            .collect();
        // A stable sort keeps the given order among equal keys, so the last of them is the one kept.
        list.sort_by(|a, b| a.0.cmp(&b.0));
        let mut deduped: Entries = Vec::with_capacity(list.len());
        for item in list {
            match deduped.last_mut() {
                Some(last) if last.0 == item.0 => *last = item,
                _ => deduped.push(item),
            }
        }
        Context { given: Arc::new(deduped), derived: Vec::new() }
    }

    /// Inserts or replaces (keys compare case-insensitively).
    pub fn insert(&mut self, key: &str, value: ContextValue, derived: bool) {
        let entry = ContextEntry { key: key.to_string(), value, derived };
        if let Ok(i) = find(&self.derived, key) {
            self.derived.remove(i);
        }
        let given = Arc::make_mut(&mut self.given);
        match find(given, key) {
            Ok(i) => {
                if let Some(slot) = given.get_mut(i) {
                    slot.1 = entry;
                }
            }
            Err(i) => given.insert(i, (key.to_ascii_lowercase(), entry)),
        }
    }

    /// Adds derived entries (`(key lowercased, key, value)`) whose keys are absent, in one merge: explicit
    /// context wins, and the sorted order is restored without shifting the list once per key.
    pub fn add_derived(&mut self, mut derived: Vec<(String, String, ContextValue)>) {
        derived.retain(|(lower, _, _)| self.get_lower(lower).is_none());
        if derived.is_empty() {
            return;
        }
        derived.sort_by(|a, b| a.0.cmp(&b.0));
        derived.dedup_by(|a, b| a.0 == b.0);
        let old = std::mem::take(&mut self.derived);
        let mut merged = Vec::with_capacity(old.len() + derived.len());
        let mut new = derived
            .into_iter()
            .map(|(lower, key, value)| (lower, ContextEntry { key, value, derived: true }))
            .peekable();
        for item in old {
            while new.peek().is_some_and(|(l, _)| l < &item.0) {
                merged.extend(new.next());
            }
            merged.push(item);
        }
        merged.extend(new);
        self.derived = merged;
    }

    /// Looks up by an already-lowercased key (a plain byte comparison).
    pub fn get_lower(&self, key_lower: &str) -> Option<&ContextEntry> {
        if let Some(i) = find_lower(&self.given, key_lower) {
            return self.given.get(i).map(|(_, e)| e);
        }
        find_lower(&self.derived, key_lower).and_then(|i| self.derived.get(i)).map(|(_, e)| e)
    }

    /// Looks up by a key in any letter case.
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        if !key.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.get_lower(key);
        }
        if let Ok(i) = find(&self.given, key) {
            return self.given.get(i).map(|(_, e)| e);
        }
        find(&self.derived, key).ok().and_then(|i| self.derived.get(i)).map(|(_, e)| e)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.given.len() + self.derived.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries sorted by key (case-insensitively), given and derived together, for stable output.
    pub fn sorted(&self) -> Vec<&ContextEntry> {
        let mut out = Vec::with_capacity(self.len());
        let mut d = self.derived.iter().peekable();
        for (lower, e) in self.given.iter() {
            while let Some((dl, de)) = d.peek() {
                if dl >= lower {
                    break;
                }
                out.push(de);
                d.next();
            }
            out.push(e);
        }
        out.extend(d.map(|(_, e)| e));
        out
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
        c.add_derived(vec![("aws:sourceip".into(), "aws:sourceip".into(), ContextValue::Scalar("ignored".into()))]);
        assert_eq!(c.get("aws:sourceip").map(|e| e.value.clone()), Some(ContextValue::Scalar("203.0.113.9".into())));
        let keys: Vec<&str> = c.sorted().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["aws:PrincipalTag/Team", "AWS:SOURCEIP"]);
    }

    #[test]
    fn built_in_one_sort_it_matches_inserting_one_by_one() {
        let keys = ["aws:SourceIp", "s3:prefix", "AWS:sourceip", "aws:CurrentTime", "aws:TagKeys"];
        let mut one_by_one = Context::new();
        let mut given = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            one_by_one.insert(k, ContextValue::Scalar(i.to_string()), false);
            given.push((k.to_string(), ContextValue::Scalar(i.to_string())));
        }
        let built = Context::from_given(given);
        assert_eq!(built, one_by_one);
        assert_eq!(built.get("aws:sourceip").map(|e| e.key.as_str()), Some("AWS:sourceip"));
    }

    #[test]
    fn derived_entries_merge_in_order_and_never_replace_explicit_ones() {
        let mut c = Context::new();
        c.insert("aws:SourceIp", ContextValue::Scalar("explicit".into()), false);
        let d = |k: &str| (k.to_ascii_lowercase(), k.to_string(), ContextValue::Scalar("derived".into()));
        c.add_derived(vec![d("aws:userid"), d("AWS:SourceIP"), d("aws:PrincipalArn"), d("aws:username")]);
        let keys: Vec<(&str, bool)> = c.sorted().iter().map(|e| (e.key.as_str(), e.derived)).collect();
        assert_eq!(
            keys,
            [("aws:PrincipalArn", true), ("aws:SourceIp", false), ("aws:userid", true), ("aws:username", true)]
        );
        assert!(c.get("aws:USERNAME").is_some());
    }
}
