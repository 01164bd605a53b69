//! The storage behind a [`Context`](super::Context): entries sorted by lowercased key, their names and
//! single-string values in shared buffers, so building a request's context costs a few allocations rather
//! than two or three per key, and a lookup is a binary search that neither hashes nor allocates.

use super::{ContextEntry, ContextValue, ContextValueRef, NewValue};
use crate::matching::bytes;

/// One entry of a [`Table`]: its key is `text[at..at + len]` as spelled and `lower[lower_at..lower_at + len]`
/// lowercased (ASCII lowercasing keeps every byte's length).
#[derive(Clone, Debug)]
pub(super) struct Row {
    /// The first sixteen bytes of the lowercased key as two numbers ([`head_of`]): most comparisons of a
    /// search or a sort are settled by them, without comparing the names byte by byte. (Eight bytes settled
    /// few: nearly every key starts `aws:`, and `aws:prin` or `aws:sour` begin many.)
    head: Head,
    lower_at: usize,
    at: usize,
    len: usize,
    value: Stored,
    pub(super) derived: bool,
}

/// A row's value: a single string is kept in the table's `text` buffer (a request gives mostly those,
/// and a string of its own each was an allocation per key); a list keeps its own strings.
#[derive(Clone, Debug)]
pub(super) enum Stored {
    Scalar { at: usize, len: usize },
    List(Vec<String>),
}

/// Entries sorted by lowercased key; their names as spelled and their single-string values in one buffer,
/// their names lowercased (for searches) in another.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    pub(super) text: String,
    pub(super) lower: Vec<u8>,
    pub(super) rows: Vec<Row>,
    /// One bit per key written ([`filter_bit`] of its head): a key whose bit is clear is not in the table,
    /// which settles most lookups of a key the request did not give (derived keys, absent keys) without a
    /// search. Bits of keys removed or replaced stay set: that only costs a search.
    filter: [u64; 2],
}

/// A key's first sixteen bytes as two numbers ([`head_of`]); pairs order as their bytes do. (Two 64-bit
/// halves rather than a `u128`: the .wasm has no 128-bit shifts, each is a call.)
type Head = (u64, u64);

/// Where [`Table::filter`] keeps the bit of a key with head `head`: which word, and the bit in it.
#[inline(always)]
fn filter_bit((first, second): Head) -> (usize, u64) {
    let at = (first ^ second).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57;
    ((at >> 6) as usize, 1 << (at & 63))
}

/// Compares a stored lowercased key with a key in any case, as if both were lowercased.
fn cmp_lower(stored_lower: &[u8], key: &str) -> std::cmp::Ordering {
    let a = stored_lower.iter().copied();
    let b = key.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

/// The row's lowercased key, as bytes: searches compare bytes, and need no check of char boundaries.
#[inline]
fn lower_of<'t>(lower: &'t [u8], row: &Row) -> &'t [u8] {
    lower.get(row.lower_at..row.lower_at + row.len).unwrap_or_default()
}

/// The first sixteen bytes of a key, big-endian, zero-padded. Ordering heads never contradicts ordering
/// the keys: where two heads differ, so do the keys at that byte (or the shorter key is a prefix of the
/// other); equal heads say nothing, and the whole keys are compared.
// `always`: a few instructions, on every key written or looked up (the .wasm's inlining would keep a call).
#[inline(always)]
fn head_of(key: &[u8]) -> Head {
    let (Some(first), Some(last)) = (key.first_chunk::<8>(), key.last_chunk::<8>()) else {
        // Shorter than eight bytes (rare for a condition key): byte by byte.
        return (key.iter().enumerate().fold(0, |head, (i, &b)| head | u64::from(b) << (56 - 8 * i)), 0);
    };
    let second = match key.get(8..).and_then(<[u8]>::first_chunk::<8>) {
        Some(second) => u64::from_be_bytes(*second),
        // Eight to fifteen bytes: the last eight overlap the first by `16 - len`; shifting those out leaves
        // the bytes after the first eight, zero-padded (no byte loop; nothing left at exactly eight).
        None => u64::from_be_bytes(*last).checked_shl(8 * (16 - key.len()) as u32).unwrap_or(0),
    };
    (u64::from_be_bytes(*first), second)
}

/// Orders two rows by lowercased key.
fn cmp_rows(lower: &[u8], a: &Row, b: &Row) -> std::cmp::Ordering {
    a.head.cmp(&b.head).then_with(|| bytes::cmp(lower_of(lower, a), lower_of(lower, b)))
}

impl Table {
    /// Empties the table, keeping its buffers' room.
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.lower.clear();
        self.rows.clear();
        self.filter = [0; 2];
    }

    /// Room for `keys` more keys of `key_bytes` bytes in all, and values of `value_bytes`.
    pub(super) fn reserve(&mut self, keys: usize, key_bytes: usize, value_bytes: usize) {
        self.rows.reserve(keys);
        self.text.reserve(key_bytes + value_bytes);
        self.lower.reserve(key_bytes);
    }

    #[inline]
    pub(super) fn lower(&self, row: &Row) -> &[u8] {
        lower_of(&self.lower, row)
    }

    pub(super) fn entry<'t>(&'t self, row: &'t Row) -> ContextEntry<'t> {
        let key = self.text.get(row.at..row.at + row.len).unwrap_or_default();
        let value = match &row.value {
            Stored::Scalar { at, len } => ContextValueRef::Scalar(self.text.get(*at..at + len).unwrap_or_default()),
            Stored::List(list) => ContextValueRef::List(list),
        };
        ContextEntry { key, value, derived: row.derived }
    }

    /// Writes `key` (and a single-string value) into the buffers; the row that names it.
    pub(super) fn row(&mut self, key: &str, value: NewValue<'_>, derived: bool) -> Row {
        let lower_at = self.lower.len();
        self.lower.extend_from_slice(key.as_bytes());
        let lower = self.lower.get_mut(lower_at..).unwrap_or_default();
        bytes::lowercase_ascii(lower);
        let head = head_of(lower);
        self.row_of(key, lower_at, head, value, derived)
    }

    /// Copies `source` into both buffers (the table must be empty): rows can then name keys and values by
    /// their place in it ([`Table::row_in_source`]).
    pub(super) fn copy_source(&mut self, source: &str) {
        debug_assert!(self.text.is_empty() && self.lower.is_empty());
        self.text.push_str(source);
        self.lower.extend_from_slice(source.as_bytes());
    }

    /// The row of a key at `key_at` in the copied source ([`Table::copy_source`]), of `len` bytes; its value
    /// at `value_at` there when given, else `value`. The key is lowercased in place in the lowercased copy.
    pub(super) fn row_in_source(
        &mut self,
        key_at: usize,
        len: usize,
        value_at: Option<(usize, usize)>,
        value: NewValue<'_>,
    ) -> Row {
        let lower = self.lower.get_mut(key_at..key_at + len).unwrap_or_default();
        bytes::lowercase_ascii(lower);
        let head = head_of(lower);
        let value = match (value_at, value) {
            (Some((at, len)), _) => Stored::Scalar { at, len },
            (None, NewValue::Scalar(s)) => self.scalar(s),
            (None, NewValue::Owned(ContextValue::Scalar(s))) => self.scalar(&s),
            (None, NewValue::Owned(ContextValue::List(list))) => Stored::List(list),
        };
        self.mark(head);
        Row { head, lower_at: key_at, at: key_at, len, value, derived: false }
    }

    /// Inserts a derived key at `at` (where a search for `lower`, its lowercased form, said it goes).
    pub(super) fn insert_lowered(&mut self, at: usize, key: &str, lower: &[u8], value: NewValue<'_>) {
        let lower_at = self.lower.len();
        self.lower.extend_from_slice(lower);
        let row = self.row_of(key, lower_at, head_of(lower), value, true);
        self.rows.insert(at.min(self.rows.len()), row);
    }

    /// The row of a key whose lowercased form is already in `lower` at `lower_at`.
    fn row_of(&mut self, key: &str, lower_at: usize, head: Head, value: NewValue<'_>, derived: bool) -> Row {
        let value = match value {
            NewValue::Scalar(s) => self.scalar(s),
            NewValue::Owned(ContextValue::Scalar(s)) => self.scalar(&s),
            NewValue::Owned(ContextValue::List(list)) => Stored::List(list),
        };
        let at = self.text.len();
        self.text.push_str(key);
        self.mark(head);
        Row { head, lower_at, at, len: key.len(), value, derived }
    }

    pub(super) fn scalar(&mut self, s: &str) -> Stored {
        let at = self.text.len();
        self.text.push_str(s);
        Stored::Scalar { at, len: s.len() }
    }

    /// Where the key (in any letter case) is, or where it would go.
    pub(super) fn find(&self, key: &str) -> Result<usize, usize> {
        self.rows.binary_search_by(|r| cmp_lower(self.lower(r), key))
    }

    pub(super) fn search_lower_bytes(&self, key: &[u8]) -> Result<usize, usize> {
        self.search_with_head(key, head_of(key))
    }

    fn search_with_head(&self, key: &[u8], head: Head) -> Result<usize, usize> {
        self.rows.binary_search_by(|r| r.head.cmp(&head).then_with(|| bytes::cmp(self.lower(r), key)))
    }

    /// The row of an already-lowercased key; the filter answers most absent keys without a search.
    pub(super) fn find_lower(&self, key_lower: &str) -> Option<&Row> {
        let key = key_lower.as_bytes();
        let head = head_of(key);
        if !self.may_have(head) {
            return None;
        }
        self.search_with_head(key, head).ok().and_then(|i| self.rows.get(i))
    }

    /// Whether the table has the already-lowercased key.
    pub(super) fn has_lower_bytes(&self, key: &[u8]) -> bool {
        let head = head_of(key);
        self.may_have(head) && self.search_with_head(key, head).is_ok()
    }

    /// Notes a key with head `head` in the filter.
    #[inline(always)]
    fn mark(&mut self, head: Head) {
        let (word, bit) = filter_bit(head);
        if let Some(w) = self.filter.get_mut(word) {
            *w |= bit;
        }
    }

    /// False when no key with head `head` was ever written.
    #[inline(always)]
    fn may_have(&self, head: Head) -> bool {
        let (word, bit) = filter_bit(head);
        self.filter.get(word).is_some_and(|w| w & bit != 0)
    }

    pub(super) fn get(&self, key: &str) -> Option<&Row> {
        self.find(key).ok().and_then(|i| self.rows.get(i))
    }

    /// Inserts or replaces, keeping the order (a replaced key's old name stays in the buffer, unused).
    pub(super) fn insert(&mut self, key: &str, value: NewValue<'_>, derived: bool) {
        let found = self.find(key);
        self.put(found, key, value, derived);
    }

    /// Inserts at `found` (a search result for `key`): replaces the row there, or adds one.
    pub(super) fn put(&mut self, found: Result<usize, usize>, key: &str, value: NewValue<'_>, derived: bool) {
        let row = self.row(key, value, derived);
        match found {
            Ok(i) => {
                if let Some(slot) = self.rows.get_mut(i) {
                    *slot = row;
                }
            }
            Err(i) => self.rows.insert(i, row),
        }
    }

    pub(super) fn remove(&mut self, key: &str) {
        if let Ok(i) = self.find(key) {
            self.rows.remove(i);
        }
    }

    /// Sorts rows appended in any order. Of keys that differ only in letter case, the last one appended
    /// stays; returns whether there were such keys.
    pub(super) fn sort_keeping_last(&mut self) -> bool {
        let Table { lower: text, rows, .. } = self;
        // A stable sort keeps the appended order among equal keys, so the last of them is the one kept.
        // Equal keys are seen by the sort itself: a comparison sort compares every two rows that end up
        // side by side (it could not order them otherwise), and equal keys end up side by side. So no pass
        // over the sorted rows is needed to know whether there were any.
        let mut equal_keys = false;
        rows.sort_by(|a, b| {
            let order = cmp_rows(text, a, b);
            equal_keys |= order.is_eq();
            order
        });
        if !equal_keys {
            return false;
        }
        // `dedup_by` drops the later of two equal rows: move the later one's content into the kept slot.
        rows.dedup_by(|later, kept| {
            let same = cmp_rows(text, later, kept).is_eq();
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_order_as_the_keys_do() {
        let keys: [&[u8]; 17] = [
            b"",
            b"aws:principalarn",
            b"aws:principalacc",
            b"aws:principalaccount",
            b"aws:principalarn\0",
            b"\0",
            b"a",
            b"a\0",
            b"aws:",
            b"aws:sourceip",
            b"aws:sourceipx",
            b"aws:sourcf",
            b"aws:principalorgid",
            b"aws:principalorgpaths",
            b"aws:principalorgi",
            b"aws:principalorg\0",
            b"b",
        ];
        for a in keys {
            for b in keys {
                let by_head = head_of(a).cmp(&head_of(b));
                assert!(by_head.is_eq() || by_head == a.cmp(b), "{a:?} {b:?}");
            }
        }
        let word = |b: &[u8; 8]| u64::from_be_bytes(*b);
        assert_eq!(head_of(b"aws:sourceip"), (word(b"aws:sour"), word(b"ceip\0\0\0\0")));
        assert_eq!(head_of(b"aws:principalaccount"), (word(b"aws:prin"), word(b"cipalacc")));
        assert_eq!(head_of(b"ab"), (word(b"ab\0\0\0\0\0\0"), 0));
    }

    /// The head is the first sixteen bytes zero-padded, whatever the key's length.
    #[test]
    fn heads_are_the_first_sixteen_bytes_at_every_length() {
        let text = b"aws:principaltag/department-and-more";
        for len in 0..=text.len() {
            let key = &text[..len];
            let mut padded = [0u8; 16];
            let n = len.min(16);
            padded[..n].copy_from_slice(&key[..n]);
            let (first, second) = padded.split_at(8);
            let word = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap());
            assert_eq!(head_of(key), (word(first), word(second)), "{len}");
        }
    }

    /// The filter never hides a key: lookups through it agree with a scan of the rows, for keys present,
    /// absent, replaced and removed.
    #[test]
    fn the_filter_answers_as_a_scan_does() {
        let mut seed: u32 = 11;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        let names = ["aws:sourceip", "aws:principaltag/", "s3:prefix", "aws:username", "a", "", "ec2:region"];
        for _ in 0..200 {
            let mut table = Table::default();
            let key = |n: u32, i: u32| format!("{}{}", names[n as usize], i);
            for _ in 0..next(30) {
                let k = key(next(7), next(6));
                match next(5) {
                    0 => table.remove(&k),
                    _ => table.insert(&k, NewValue::Scalar("v"), false),
                }
            }
            for n in 0..7 {
                for i in 0..6 {
                    let k = key(n, i);
                    let scanned = table.rows.iter().any(|r| table.lower(r) == k.as_bytes());
                    assert_eq!(table.find_lower(&k).is_some(), scanned, "{k}");
                    assert_eq!(table.has_lower_bytes(k.as_bytes()), scanned, "{k}");
                }
            }
        }
    }

    #[test]
    fn the_sort_finds_keys_equal_but_for_case_whatever_their_number_and_order() {
        let mut seed: u32 = 7;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        for _ in 0..400 {
            let count = 1 + next(40) as usize;
            let keys: Vec<String> = (0..count)
                .map(|_| (0..1 + next(3)).map(|_| ['a', 'A', 'b', 'B', ':'][next(5) as usize]).collect())
                .collect();
            let mut table = Table::default();
            for key in &keys {
                let row = table.row(key, NewValue::Scalar("v"), false);
                table.rows.push(row);
            }
            let expected =
                keys.iter().enumerate().any(|(i, a)| keys.iter().skip(i + 1).any(|b| a.eq_ignore_ascii_case(b)));
            assert_eq!(table.sort_keeping_last(), expected, "{keys:?}");
            let sorted: Vec<&[u8]> = table.rows.iter().map(|r| table.lower(r)).collect();
            assert!(sorted.windows(2).all(|w| matches!(w, [a, b] if a < b)), "{keys:?}");
        }
    }
}
