//! Where a name was first seen, for the "repeated" diagnostics (Sids, condition keys, context keys, policy
//! ids). Names are borrowed from the JSON tree; the first few sit in a fixed array and are compared one by
//! one (no allocation, no hashing: the usual object has a handful), and only a long list moves to a hash map,
//! so a huge input stays linear.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::source::Span;

/// Names kept in the array before the hash map takes over (a request's context often has a couple of
/// dozen keys).
const INLINE: usize = 32;

pub(crate) struct FirstSeen<'j> {
    /// Names differing only in ASCII case count as the same name.
    fold_case: bool,
    inline: [(&'j str, Span); INLINE],
    len: usize,
    /// Once more than [`INLINE`] names are seen: every name (ASCII-lowercased when `fold_case`).
    spill: Option<HashMap<Cow<'j, str>, (&'j str, Span)>>,
}

impl<'j> FirstSeen<'j> {
    /// Names compared exactly.
    pub fn exact() -> FirstSeen<'j> {
        FirstSeen { fold_case: false, inline: [("", Span::default()); INLINE], len: 0, spill: None }
    }

    /// Names compared without regard to ASCII case.
    pub fn ignoring_case() -> FirstSeen<'j> {
        FirstSeen { fold_case: true, ..FirstSeen::exact() }
    }

    /// The first sighting of `name` (as it was written, and where), or `None` after recording this one.
    pub fn first_or_insert(&mut self, name: &'j str, span: Span) -> Option<(&'j str, Span)> {
        if let Some(spill) = self.spill.as_mut() {
            let key = if self.fold_case { Cow::Owned(name.to_ascii_lowercase()) } else { Cow::Borrowed(name) };
            if let Some(first) = spill.get(&key) {
                return Some(*first);
            }
            spill.insert(key, (name, span));
            return None;
        }
        let fold_case = self.fold_case;
        // Names of one list often differ only at the end (Stmt1, Stmt2): compare the last byte first.
        let last = name.as_bytes().last().copied();
        let same = |seen: &str| {
            if fold_case {
                seen.eq_ignore_ascii_case(name)
            } else {
                seen.len() == name.len() && seen.as_bytes().last().copied() == last && seen == name
            }
        };
        let seen = self.inline.get(..self.len).unwrap_or_default();
        if let Some(first) = seen.iter().find(|(seen, _)| same(seen)) {
            return Some(*first);
        }
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = (name, span);
            self.len += 1;
            return None;
        }
        let mut spill = HashMap::with_capacity(INLINE * 2);
        for (seen, at) in self.inline.iter().copied().chain([(name, span)]) {
            let key = if fold_case { Cow::Owned(seen.to_ascii_lowercase()) } else { Cow::Borrowed(seen) };
            spill.entry(key).or_insert((seen, at));
        }
        self.spill = Some(spill);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: usize) -> Span {
        Span::new(n, n + 1)
    }

    #[test]
    fn the_first_sighting_is_kept_in_the_array_and_in_the_map() {
        // 40 names: the map takes over after 32, and earlier names are still found with their first span.
        let names: Vec<String> = (0..40).map(|i| format!("Name{i}")).collect();
        let mut seen = FirstSeen::exact();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(seen.first_or_insert(n, at(i)), None, "{n}");
        }
        for (i, n) in names.iter().enumerate() {
            assert_eq!(seen.first_or_insert(n, at(100 + i)), Some((n.as_str(), at(i))), "{n}");
        }
        assert_eq!(seen.first_or_insert("name3", at(0)), None, "exact comparison");
    }

    #[test]
    fn folding_case_matches_other_spellings_on_both_sides_of_the_switch() {
        for count in [3, 16, 17, 32, 33, 50] {
            let names: Vec<String> = (0..count).map(|i| format!("aws:Key{i}")).collect();
            let mut seen = FirstSeen::ignoring_case();
            for (i, n) in names.iter().enumerate() {
                assert_eq!(seen.first_or_insert(n, at(i)), None);
            }
            assert_eq!(seen.first_or_insert("AWS:KEY0", at(99)), Some(("aws:Key0", at(0))), "{count}");
            let last = format!("aws:key{}", count - 1);
            assert_eq!(seen.first_or_insert(&last, at(99)), Some((names[count - 1].as_str(), at(count - 1))));
            assert_eq!(seen.first_or_insert("aws:other", at(98)), None);
            assert_eq!(seen.first_or_insert("AWS:Other", at(99)), Some(("aws:other", at(98))));
        }
    }
}
