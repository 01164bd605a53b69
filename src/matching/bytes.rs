//! Equality and order of byte strings, eight bytes at a time, without calling `memcmp`. In the .wasm,
//! `memcmp` is compiler-builtins' byte-by-byte loop behind a call, and every `==` or `cmp` on slices goes
//! through it: the context's searches, the name index's final check and the ARN literals compare short
//! keys (10 to 40 bytes) dozens of times per simulation, where a word compare settles most of the work.
//! Natively these are about as fast as glibc's `memcmp` on such short keys (no call, no dispatch). ASCII
//! lowercasing of keys is here too, a word at a time, for the same reason: it runs on every key.

use std::cmp::Ordering;

/// The eight bytes of a chunk, big-endian: comparing the numbers orders the chunks as their bytes do.
#[inline]
fn word(chunk: &[u8]) -> u64 {
    <[u8; 8]>::try_from(chunk).map_or(0, u64::from_be_bytes)
}

/// `a == b`.
#[inline]
pub(crate) fn eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && same_length_cmp(a, b).is_eq()
}

/// `a.cmp(b)` (lexicographic, a prefix first).
#[inline]
pub(crate) fn cmp(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    let (a_common, b_common) = (a.get(..common).unwrap_or_default(), b.get(..common).unwrap_or_default());
    same_length_cmp(a_common, b_common).then(a.len().cmp(&b.len()))
}

/// The order of two slices of the same length. Whole words first; the last bytes as one more word that
/// overlaps the ones compared (their common bytes are equal by then, so only the new ones can decide);
/// shorter than eight bytes, as two overlapping four-byte words, or byte by byte below four.
fn same_length_cmp(a: &[u8], b: &[u8]) -> Ordering {
    if let (Some(a_last), Some(b_last)) = (a.last_chunk::<8>(), b.last_chunk::<8>()) {
        let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
        for (p, q) in x.by_ref().zip(y.by_ref()) {
            let (p, q) = (word(p), word(q));
            if p != q {
                return p.cmp(&q);
            }
        }
        return u64::from_be_bytes(*a_last).cmp(&u64::from_be_bytes(*b_last));
    }
    if let (Some(a_first), Some(b_first), Some(a_last), Some(b_last)) =
        (a.first_chunk::<4>(), b.first_chunk::<4>(), a.last_chunk::<4>(), b.last_chunk::<4>())
    {
        let four = |first: &[u8; 4], last: &[u8; 4]| (u32::from_be_bytes(*first), u32::from_be_bytes(*last));
        return four(a_first, a_last).cmp(&four(b_first, b_last));
    }
    a.iter().zip(b).map(|(p, q)| p.cmp(q)).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
}

/// `text.starts_with(prefix)`.
#[inline]
pub(crate) fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len()).is_some_and(|head| eq(head, prefix))
}

/// Whether `haystack` holds byte `a` or byte `b`, eight bytes at a time: the hot scans of policy patterns
/// for wildcards or `${` would otherwise be a byte loop over every pattern on every request.
#[inline]
pub(crate) fn contains_either(haystack: &[u8], a: u8, b: u8) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // Nonzero exactly when some byte of `x` is zero (the classic test: a zero byte borrows, and the first
    // one to do so sets its high bit while its own high bit was clear).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let (a_word, b_word) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut words = haystack.chunks_exact(8);
    let found = words.by_ref().any(|w| {
        let w = <[u8; 8]>::try_from(w).map_or(0, u64::from_ne_bytes);
        has_zero(w ^ a_word) || has_zero(w ^ b_word)
    });
    found || words.remainder().iter().any(|&c| c == a || c == b)
}

/// `make_ascii_lowercase`, eight bytes at a time: every context key is lowercased once per request and
/// every condition key once per policy, and byte by byte that was a tenth of building a context. Bytes
/// outside `A..=Z` are left as they are.
pub(crate) fn lowercase_ascii(bytes: &mut [u8]) {
    let mut words = bytes.chunks_exact_mut(8);
    for word in &mut words {
        if let Ok(word) = <&mut [u8; 8]>::try_from(word) {
            lowercase_word(word);
        }
    }
    if words.into_remainder().is_empty() {
        return;
    }
    // The last bytes as one more word overlapping the ones done (lowercasing them again changes nothing),
    // rather than a byte loop; a key shorter than a word is done byte by byte.
    match bytes.last_chunk_mut::<8>() {
        Some(last) => lowercase_word(last),
        None => bytes.make_ascii_lowercase(),
    }
}

/// [`lowercase_ascii`] of eight bytes.
#[inline]
fn lowercase_word(word: &mut [u8; 8]) {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let x = u64::from_ne_bytes(*word);
    // Per byte, with its high bit cleared (so no sum carries into the next byte): the high bit of
    // `from_a` is set when the byte is at least 'A', that of `past_z` when it is past 'Z'.
    let low7 = x & !HIGH;
    let from_a = low7 + ONES * u64::from(0x80 - b'A');
    let past_z = low7 + ONES * u64::from(0x80 - b'Z' - 1);
    // An ASCII capital: 'A' or more, not past 'Z', and its own high bit clear. Adds 0x20 (0x80 >> 2).
    let capitals = from_a & !past_z & !x & HIGH;
    *word = (x | (capitals >> 2)).to_ne_bytes();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library() {
        let samples: [&[u8]; 14] = [
            b"",
            b"\0",
            b"a",
            b"a\0",
            b"ab",
            b"abcdefgh",
            b"abcdefgh\0",
            b"abcdefghi",
            b"abcdefgi",
            b"aws:sourceip",
            b"aws:sourceipx",
            b"aws:principalorgpaths",
            b"aws:principalorgpathz",
            b"\xff\x80aws:principalorgpaths",
        ];
        for a in samples {
            for b in samples {
                assert_eq!(eq(a, b), a == b, "{a:?} {b:?}");
                assert_eq!(cmp(a, b), a.cmp(b), "{a:?} {b:?}");
                assert_eq!(starts_with(a, b), a.starts_with(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn finds_either_byte_anywhere() {
        let text = b"arn:aws:s3:::bucket/prefix/and/more/";
        for end in 0..=text.len() {
            for at in 0..end {
                for (a, b) in [(b'*', b'?'), (b'?', b'*'), (b'$', b'$')] {
                    let mut t = text[..end].to_vec();
                    assert!(!contains_either(&t, a, b), "{end}");
                    t[at] = b;
                    assert!(contains_either(&t, a, b), "{end} {at}");
                    t[at] = a;
                    assert!(contains_either(&t, a, b), "{end} {at}");
                }
            }
        }
        // Bytes next to the searched ones, and high bytes, are not taken for them.
        assert!(!contains_either(&[0x80, 0xff, b'*' + 1, b'*' - 1, 0, 0x7f, b'?' + 1, b'?' - 1, 0xaa], b'*', b'?'));
        assert!(contains_either(&[0x80, 0xff, 0xaa, 0, 0, 0, 0, 0, 0x80, 0x2a], b'*', b'?'));
    }

    #[test]
    fn lowercasing_by_words_matches_the_standard_library() {
        let every_byte: Vec<u8> = (0..=255u8).collect();
        for start in 0..9 {
            for len in [0, 1, 7, 8, 9, 15, 16, 17, 40, 256] {
                let Some(slice) = every_byte.get(start..(start + len).min(256)) else { continue };
                let mut ours = slice.to_vec();
                lowercase_ascii(&mut ours);
                assert_eq!(ours, slice.to_ascii_lowercase(), "{start} {len}");
            }
        }
        let mut key = *b"AWS:PrincipalTag/Team-@[`{Z";
        lowercase_ascii(&mut key);
        assert_eq!(&key, b"aws:principaltag/team-@[`{z");
    }
}
