//! A hash index over a table of names, ignoring ASCII case: what finds a service, an action or a condition
//! key by name on every simulation, in a hash and a comparison or two, where a binary search compared
//! ten names or more. It stores positions, not names: the caller says how to read the name at a position,
//! so the index adds 16 bytes per name (in memory, built at first use) and nothing to the snapshot.

use crate::matching::bytes;

const EMPTY: u32 = u32::MAX;

pub(crate) struct NameIndex {
    /// Open addressing with linear probing; a power of two at least twice the number of names, so a
    /// probe sequence always ends at an empty slot. Each slot holds a position and the high half of its
    /// name's hash, so a probe past another name rarely reads that name.
    slots: Vec<(u32, u32)>,
}

/// The high half of a hash, kept in the slot.
fn tag(h: u64) -> u32 {
    (h >> 32) as u32
}

impl NameIndex {
    /// Indexes `names` by position. Where two names are equal ignoring case the first is kept (the data
    /// has no such pair; its tests check it).
    pub fn build<'a>(names: impl ExactSizeIterator<Item = &'a str>, name_at: impl Fn(u32) -> &'a [u8]) -> NameIndex {
        let size = (2 * names.len()).max(8).next_power_of_two();
        let mask = size - 1;
        let mut slots = vec![(EMPTY, 0); size];
        for (i, name) in names.enumerate() {
            let Ok(pos) = u32::try_from(i) else { break };
            let h = hash_ci(name);
            let mut at = h as usize & mask;
            while let Some(slot) = slots.get_mut(at) {
                if slot.0 == EMPTY {
                    *slot = (pos, tag(h));
                    break;
                }
                if slot.1 == tag(h) && name_at(slot.0).eq_ignore_ascii_case(name.as_bytes()) {
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        NameIndex { slots }
    }

    /// The position of `name` (any letter case).
    pub fn find<'a>(&self, name: &str, name_at: impl Fn(u32) -> &'a [u8]) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let h = hash_ci(name);
        let mut at = h as usize & mask;
        loop {
            let (pos, slot_tag) = *self.slots.get(at)?;
            if pos == EMPTY {
                return None;
            }
            if slot_tag == tag(h) {
                // Names are mostly written as documented: a plain comparison first.
                let candidate = name_at(pos);
                if bytes::eq(candidate, name.as_bytes()) || candidate.eq_ignore_ascii_case(name.as_bytes()) {
                    return Some(pos);
                }
            }
            at = (at + 1) & mask;
        }
    }
}

/// Case-insensitive hash of the length and the first and last eight bytes (names that share both are
/// rare, and then cost a probe): bytes are folded with `| 0x20`, which maps both cases of an ASCII letter
/// to the same value (and merges some other bytes, which also only costs a probe).
#[inline]
fn hash_ci(text: &str) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    const MUL: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = text.as_bytes();
    let n = bytes.len();
    let (first, last) = match n.checked_sub(8) {
        Some(end) => (word_at(bytes, 0), word_at(bytes, end)),
        None => (word_of(bytes), 0),
    };
    let h = ((first | FOLD) ^ n as u64).wrapping_mul(MUL);
    let h = (h.rotate_left(29) ^ (last | FOLD)).wrapping_mul(MUL);
    // The low bits pick the slot: mix the high ones down (linear probing clusters on weak low bits).
    let h = (h ^ (h >> 32)).wrapping_mul(MUL);
    h ^ (h >> 29)
}

/// The eight bytes at `at`, little-endian (0 past the end).
fn word_at(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map_or(0, u64::from_le_bytes)
}

/// Up to the first eight bytes, little-endian, zero-padded (a byte loop: a variable-length copy would
/// call `memcpy`).
pub(crate) fn word_of(bytes: &[u8]) -> u64 {
    bytes.iter().take(8).enumerate().fold(0, |w, (i, &b)| w | u64::from(b) << (8 * i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_ascii_case_only() {
        assert_eq!(hash_ci("aws:SourceIp"), hash_ci("AWS:sourceip"));
        assert_eq!(hash_ci("s3:ExistingObjectTag/<key>"), hash_ci("S3:EXISTINGOBJECTTAG/<KEY>"));
        assert_ne!(hash_ci("aws:SourceIp"), hash_ci("aws:SourceIp "));
        assert_ne!(hash_ci(""), hash_ci("a"));
        assert_eq!(word_of(b"ab"), 0x6261);
        assert_eq!(word_of(b"abcdefghij"), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(word_at(b"abcdefghij", 2), u64::from_le_bytes(*b"cdefghij"));
        assert_eq!(word_at(b"abcdefghij", 3), 0);
        assert_ne!(hash_ci("aws:RequestTag/env"), hash_ci("aws:RequestTag/eNx"));
    }

    #[test]
    fn finds_names_in_any_case() {
        let names = ["GetObject", "PutObject", "getobject", "ListBucket", ""];
        let at = |i: u32| names.get(i as usize).copied().unwrap_or("").as_bytes();
        let index = NameIndex::build(names.iter().copied(), at);
        assert_eq!(index.find("GetObject", at), Some(0));
        assert_eq!(index.find("GETOBJECT", at), Some(0));
        assert_eq!(index.find("listbucket", at), Some(3));
        assert_eq!(index.find("", at), Some(4));
        assert_eq!(index.find("GetObjects", at), None);
        assert_eq!(index.find("Get", at), None);
        let empty = NameIndex::build(std::iter::empty(), at);
        assert_eq!(empty.find("x", at), None);
    }

    #[test]
    fn survives_many_collisions() {
        let names: Vec<String> = (0..1000).map(|i| format!("key{i}")).collect();
        let at = |i: u32| names.get(i as usize).map_or(&b""[..], |n| n.as_bytes());
        let index = NameIndex::build(names.iter().map(String::as_str), at);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(index.find(&n.to_uppercase(), at), Some(i as u32));
        }
        assert_eq!(index.find("key1000", at), None);
    }
}
