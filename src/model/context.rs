//! The request context: condition keys to values. Key names are case-insensitive (looked up lowercased, the
//! original spelling kept for traces); values are untyped text, each operator parses what it needs.
//!
//! A request's context is built once per simulation and read by every condition, so it is laid out for
//! both ([`table`]): entries sorted by lowercased key, names and values in shared buffers.

mod spare;
mod table;

use std::sync::Arc;

use table::Table;

/// A context value: one string, or a list (a multivalued key). An empty list behaves as an absent key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    Scalar(String),
    List(Vec<String>),
}

/// A context value as a lookup returns it (borrowed from the context).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextValueRef<'c> {
    Scalar(&'c str),
    List(&'c [String]),
}

impl ContextValueRef<'_> {
    pub fn to_value(self) -> ContextValue {
        match self {
            ContextValueRef::Scalar(s) => ContextValue::Scalar(s.to_string()),
            ContextValueRef::List(l) => ContextValue::List(l.to_vec()),
        }
    }
}

impl<'c> From<&'c ContextValue> for ContextValueRef<'c> {
    fn from(value: &'c ContextValue) -> ContextValueRef<'c> {
        match value {
            ContextValue::Scalar(s) => ContextValueRef::Scalar(s),
            ContextValue::List(l) => ContextValueRef::List(l),
        }
    }
}

impl PartialEq<ContextValue> for ContextValueRef<'_> {
    fn eq(&self, other: &ContextValue) -> bool {
        *self == ContextValueRef::from(other)
    }
}

/// A value to store: borrowed where the caller has the text, owned where it built it.
pub enum NewValue<'v> {
    Scalar(&'v str),
    Owned(ContextValue),
}

/// One entry as a lookup returns it: the key as the user (or derivation) spelled it, and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContextEntry<'c> {
    pub key: &'c str,
    pub value: ContextValueRef<'c>,
    /// True when the engine derived it from the principal rather than the request giving it.
    pub derived: bool,
}

/// The keys the request gave are shared between clones (copy-on-write). The keys the engine derives from
/// the principal live in a second small table: so evaluating a request someone keeps costs no copy of its
/// context, and deriving moves none of the given keys. A derived key never shadows a given one.
#[derive(Clone, Debug, Default)]
pub struct Context {
    given: Arc<Table>,
    derived: Table,
}

/// Builds a request's given context: keys appended as read, then sorted once (instead of one sorted
/// insertion per key).
#[derive(Debug, Default)]
pub struct ContextBuilder {
    table: Table,
    /// Where the table goes once built: a storage kept from an earlier request when there is one.
    shell: Arc<Table>,
    /// The text whose copy starts the table's buffers ([`ContextBuilder::over_source`]), as the address
    /// range it occupies: keys and values inside it are stored by their place in the copy.
    source: std::ops::Range<usize>,
}

/// Room kept for the keys derived from a principal (how many, and bytes of names or of values).
const DERIVED_ROOM: (usize, usize) = (8, 256);

impl ContextBuilder {
    /// Room for `keys` keys whose names total `key_bytes` bytes, and single-string values `value_bytes`,
    /// plus the keys derived from the principal, which join the same table when the request is evaluated.
    pub fn with_capacity(keys: usize, key_bytes: usize, value_bytes: usize) -> ContextBuilder {
        let (more, bytes) = DERIVED_ROOM;
        let mut shell = spare::take();
        let mut table = Arc::get_mut(&mut shell).map(std::mem::take).unwrap_or_default();
        table.reserve(keys + more, key_bytes + bytes, value_bytes + bytes);
        ContextBuilder { table, shell, source: 0..0 }
    }

    /// A builder for a context read from `source` (a request's text): its keys and values are mostly slices
    /// of it, and copying the whole text into the table once costs less than copying them one by one (two
    /// or three copies a key: its name, its lowercased name, its value).
    pub fn over_source(source: &str, keys: usize) -> ContextBuilder {
        let mut builder = ContextBuilder::with_capacity(keys, source.len(), 0);
        builder.table.copy_source(source);
        let start = source.as_ptr() as usize;
        builder.source = start..start + source.len();
        builder
    }

    /// Where `s` starts in the source, when it is a slice of it.
    fn in_source(&self, s: &str) -> Option<usize> {
        let start = s.as_ptr() as usize;
        (self.source.start <= start && start + s.len() <= self.source.end).then(|| start - self.source.start)
    }

    pub fn push(&mut self, key: &str, value: NewValue<'_>) {
        if let Some(key_at) = self.in_source(key) {
            let value_at = match &value {
                NewValue::Scalar(v) => self.in_source(v).map(|at| (at, v.len())),
                NewValue::Owned(_) => None,
            };
            let row = self.table.row_in_source(key_at, key.len(), value_at, value);
            self.table.rows.push(row);
            return;
        }
        let row = self.table.row(key, value, false);
        self.table.rows.push(row);
    }

    /// The context, and whether keys differing only in letter case were given (the last of them is kept).
    pub fn finish(self) -> (Context, bool) {
        let ContextBuilder { mut table, mut shell, .. } = self;
        let duplicates = table.sort_keeping_last();
        let given = match Arc::get_mut(&mut shell) {
            Some(slot) => {
                *slot = table;
                shell
            }
            None => Arc::new(table),
        };
        (Context { given, derived: spare::take_derived() }, duplicates)
    }
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// A context of given keys built in one sort. Of keys that differ only in letter case, the last one
    /// given stays.
    pub fn from_given(entries: Vec<(String, ContextValue)>) -> Context {
        let bytes = entries.iter().map(|(k, _)| k.len()).sum();
        let mut builder = ContextBuilder::with_capacity(entries.len(), bytes, 0);
        for (key, value) in entries {
            builder.push(&key, NewValue::Owned(value));
        }
        builder.finish().0
    }

    /// Inserts or replaces (keys compare case-insensitively).
    pub fn insert(&mut self, key: &str, value: ContextValue, derived: bool) {
        self.derived.remove(key);
        Arc::make_mut(&mut self.given).insert(key, NewValue::Owned(value), derived);
    }

    /// Adds a derived key unless the context has it already (given, or derived before): explicit context
    /// wins, and the value is built only when it is needed. `None` adds nothing.
    pub fn derive<'v>(&mut self, key: &str, value: impl FnOnce() -> Option<NewValue<'v>>) {
        // Only the value is built in this generic part; the searches and the insertion are shared by every
        // caller (one copy of them in the code, not one per derived key).
        let mut value = Some(value);
        self.derive_with(key, &mut || value.take().and_then(|build| build()));
    }

    /// [`Context::derive`] for a name known in advance, given as `(key, lower)` where `lower` is `key`
    /// lowercased: the engine's own key names need not be lowercased on every request.
    pub fn derive_named<'v>(&mut self, (key, lower): (&str, &str), value: impl FnOnce() -> Option<NewValue<'v>>) {
        debug_assert_eq!(lower, key.to_ascii_lowercase());
        let mut value = Some(value);
        self.derive_found(key, lower.as_bytes(), &mut || value.take().and_then(|build| build()));
    }

    fn derive_with<'v>(&mut self, key: &str, value: &mut dyn FnMut() -> Option<NewValue<'v>>) {
        // Lowercased once, on the stack for the usual short name: the searches compare plain bytes, and the
        // table takes these bytes as the key's lowercased form.
        let mut buffer = [0u8; 128];
        let owned;
        let lower: &[u8] = match buffer.get_mut(..key.len()) {
            Some(b) => {
                b.copy_from_slice(key.as_bytes());
                crate::matching::bytes::lowercase_ascii(b);
                b
            }
            None => {
                owned = key.to_ascii_lowercase();
                owned.as_bytes()
            }
        };
        self.derive_found(key, lower, value);
    }

    /// Adds `key` (lowercased: `lower`) unless the context has it.
    fn derive_found<'v>(&mut self, key: &str, lower: &[u8], value: &mut dyn FnMut() -> Option<NewValue<'v>>) {
        if self.given.has_lower_bytes(lower) {
            return;
        }
        let Err(at) = self.derived.search_lower_bytes(lower) else { return };
        let Some(value) = value() else { return };
        // Derived keys have a small table of their own: inserting them among the given keys moved half of
        // those for each key, and finding where cost a search of them (a lookup that misses the given keys
        // searches this table too; the given table's filter makes most such misses one test).
        let table = &mut self.derived;
        if table.rows.capacity() == table.rows.len() {
            // Room for a principal's usual derived keys at once, instead of growing key by key.
            table.reserve(DERIVED_ROOM.0, DERIVED_ROOM.1, DERIVED_ROOM.1);
        }
        table.insert_lowered(at, key, lower, value);
    }

    /// Looks up by an already-lowercased key (a plain byte comparison).
    pub fn get_lower(&self, key_lower: &str) -> Option<ContextEntry<'_>> {
        if let Some(row) = self.given.find_lower(key_lower) {
            return Some(self.given.entry(row));
        }
        self.derived.find_lower(key_lower).map(|row| self.derived.entry(row))
    }

    /// Looks up by a key in any letter case.
    pub fn get(&self, key: &str) -> Option<ContextEntry<'_>> {
        if !key.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.get_lower(key);
        }
        if let Some(row) = self.given.get(key) {
            return Some(self.given.entry(row));
        }
        self.derived.get(key).map(|row| self.derived.entry(row))
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Done with the context: its storage is kept (emptied) for the next request's, when nothing else
    /// shares it (see [`spare`]).
    pub fn recycle(self) {
        spare::keep(self.given);
        spare::keep_derived(self.derived);
    }

    pub fn len(&self) -> usize {
        self.given.rows.len() + self.derived.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries sorted by key (case-insensitively), given and derived together, for stable output.
    pub fn sorted(&self) -> Vec<ContextEntry<'_>> {
        let (given, derived) = (&*self.given, &self.derived);
        let mut out = Vec::with_capacity(self.len());
        let mut d = derived.rows.iter().peekable();
        for row in &given.rows {
            let lower = given.lower(row);
            while let Some(dr) = d.next_if(|dr| derived.lower(dr) < lower) {
                out.push(derived.entry(dr));
            }
            out.push(given.entry(row));
        }
        out.extend(d.map(|dr| derived.entry(dr)));
        out
    }

    /// The entries the request gave (not derived), sorted by key (case-insensitively).
    pub fn given(&self) -> impl Iterator<Item = ContextEntry<'_>> {
        self.given.rows.iter().filter(|row| !row.derived).map(|row| self.given.entry(row))
    }
}

/// Two contexts are equal when they hold the same keys (as spelled), values and derived marks; how their
/// tables were filled does not matter.
impl PartialEq for Context {
    fn eq(&self, other: &Context) -> bool {
        self.sorted() == other.sorted()
    }
}

impl Eq for Context {}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_keep_their_spelling() {
        let mut c = Context::new();
        c.insert("aws:PrincipalTag/Team", ContextValue::Scalar("red".into()), false);
        c.insert("aws:SourceIp", ContextValue::Scalar("192.0.2.1".into()), false);
        assert_eq!(c.get("AWS:principaltag/team").map(|e| e.key), Some("aws:PrincipalTag/Team"));
        assert!(c.get_lower("aws:sourceip").is_some());
        assert!(c.get("aws:SourceIp2").is_none());
        c.insert("AWS:SOURCEIP", ContextValue::Scalar("203.0.113.9".into()), false);
        assert_eq!(c.len(), 2);
        c.derive("aws:sourceip", || Some(NewValue::Scalar("ignored")));
        assert_eq!(c.get("aws:sourceip").map(|e| e.value.to_value()), Some(ContextValue::Scalar("203.0.113.9".into())));
        let keys: Vec<&str> = c.sorted().iter().map(|e| e.key).collect();
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
        assert_eq!(built.get("aws:sourceip").map(|e| e.key), Some("AWS:sourceip"));
    }

    #[test]
    fn derived_entries_merge_in_order_and_never_replace_explicit_ones() {
        let mut c = Context::new();
        c.insert("aws:SourceIp", ContextValue::Scalar("explicit".into()), false);
        for k in ["aws:userid", "AWS:SourceIP", "aws:PrincipalArn", "aws:username", "AWS:UserName"] {
            c.derive(k, || Some(NewValue::Owned(ContextValue::Scalar(format!("derived {k}")))));
        }
        let keys: Vec<(&str, bool)> = c.sorted().iter().map(|e| (e.key, e.derived)).collect();
        assert_eq!(
            keys,
            [("aws:PrincipalArn", true), ("aws:SourceIp", false), ("aws:userid", true), ("aws:username", true)]
        );
        assert!(c.get("aws:USERNAME").is_some());
        // The first derivation of a key wins; a derived key is read in any case.
        assert_eq!(c.get_lower("aws:username").map(|e| e.value), Some(ContextValueRef::Scalar("derived aws:username")));
        assert_eq!(c.given().count(), 1);
        // A context shared with a clone leaves its table as it is: keys derived then go to the second one.
        let kept = c.clone();
        c.derive("aws:PrincipalType", || Some(NewValue::Scalar("User")));
        c.derive("AWS:SourceIP", || Some(NewValue::Scalar("derived")));
        assert_eq!(c.len(), kept.len() + 1);
        assert!(kept.get("aws:principaltype").is_none());
        assert_eq!(c.get_lower("aws:principaltype").map(|e| (e.key, e.derived)), Some(("aws:PrincipalType", true)));
        let keys: Vec<&str> = c.sorted().iter().map(|e| e.key).collect();
        assert_eq!(keys, ["aws:PrincipalArn", "aws:PrincipalType", "aws:SourceIp", "aws:userid", "aws:username"]);
    }

    /// Keys and values stored by their place in a copied source read as those pushed one by one, whether
    /// they are slices of the source or not.
    #[test]
    fn a_builder_over_a_source_matches_one_without() {
        let source = r#"{"aws:SourceIp": "10.0.0.1", "S3:Prefix": "home/", "ec2:Region": 7, "a:B": "x", "A:b": true}"#;
        let slice = |s: &str| {
            let at = source.find(s).unwrap();
            &source[at..at + s.len()]
        };
        let elsewhere = String::from("aws:username");
        let entries: [(&str, NewValue<'_>); 6] = [
            (slice("aws:SourceIp"), NewValue::Scalar(slice("10.0.0.1"))),
            (slice("S3:Prefix"), NewValue::Scalar("home/")),
            (slice("ec2:Region"), NewValue::Scalar(slice("7"))),
            (&elsewhere, NewValue::Scalar(slice("x"))),
            (slice("a:B"), NewValue::Owned(ContextValue::List(vec!["l".into()]))),
            (slice("A:b"), NewValue::Scalar("true")),
        ];
        let mut over = ContextBuilder::over_source(source, 2);
        let mut plain = ContextBuilder::default();
        for (key, value) in entries {
            let copy = match &value {
                NewValue::Scalar(v) => NewValue::Scalar(v),
                NewValue::Owned(v) => NewValue::Owned(v.clone()),
            };
            over.push(key, value);
            plain.push(key, copy);
        }
        let ((over, over_duplicates), (plain, plain_duplicates)) = (over.finish(), plain.finish());
        assert_eq!(over, plain);
        assert!(over_duplicates && plain_duplicates);
        assert_eq!(over.get("aws:sourceip").map(|e| e.value), Some(ContextValueRef::Scalar("10.0.0.1")));
        assert_eq!(over.get_lower("a:b").map(|e| e.key), Some("A:b"));
        assert_eq!(over.get("AWS:USERNAME").map(|e| e.value), Some(ContextValueRef::Scalar("x")));
    }

    #[test]
    fn a_builder_reports_keys_differing_only_in_case_and_keeps_the_last() {
        let scalar = |s: &str| ContextValue::Scalar(s.into());
        let mut b = ContextBuilder::with_capacity(3, 30, 0);
        b.push("s3:prefix", NewValue::Scalar("a"));
        b.push("aws:SourceIp", NewValue::Owned(ContextValue::List(vec!["b".into()])));
        let (c, duplicates) = b.finish();
        assert!(!duplicates);
        assert_eq!(c.given().map(|e| e.key).collect::<Vec<_>>(), ["aws:SourceIp", "s3:prefix"]);
        let mut b = ContextBuilder::default();
        for (k, v) in [("b:x", "1"), ("A:y", "2"), ("a:Y", "3"), ("B:X", "4"), ("c:é", "5"), ("a:y", "6")] {
            b.push(k, NewValue::Owned(scalar(v)));
        }
        let (c, duplicates) = b.finish();
        assert!(duplicates);
        let kept: Vec<(&str, ContextValue)> = c.given().map(|e| (e.key, e.value.to_value())).collect();
        assert_eq!(kept, [("a:y", scalar("6")), ("B:X", scalar("4")), ("c:é", scalar("5"))]);
        assert_eq!(c.get("a:Y").map(|e| e.value), Some(ContextValueRef::Scalar("6")));
        assert_eq!(c.get("C:É").map(|e| e.key), None, "only ASCII letters fold");
        assert_eq!(c.get("C:é").map(|e| e.key), Some("c:é"));
    }
}
