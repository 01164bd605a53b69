//! The snapshot's primitives: LEB128 varints, length-prefixed UTF-8 strings, delta-coded key id lists.
//! Every read past the end or malformed value is an `Err`, never a panic.

use super::decode::IdRange;

pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) struct Reader {
    bytes: &'static [u8],
    pos: usize,
}

impl Reader {
    pub(super) fn new(bytes: &'static [u8]) -> Reader {
        Reader { bytes, pos: 0 }
    }

    /// True when every byte has been read.
    pub(super) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// How many bytes are left to read.
    pub(super) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    #[inline]
    pub(super) fn take(&mut self, n: usize) -> Result<&'static [u8], &'static str> {
        let end = self.pos.checked_add(n).ok_or("length overflow")?;
        let s = self.bytes.get(self.pos..end).ok_or("snapshot truncated")?;
        self.pos = end;
        Ok(s)
    }

    #[inline]
    pub(super) fn u8(&mut self) -> Result<u8, &'static str> {
        let b = self.bytes.get(self.pos).copied().ok_or("snapshot truncated")?;
        self.pos += 1;
        Ok(b)
    }

    #[inline]
    pub(super) fn u32(&mut self) -> Result<u32, &'static str> {
        let mut v: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(v).map_err(|_| "varint overflow");
            }
        }
        Err("varint too long")
    }

    /// A count or length: none can exceed the snapshot's size, so a corrupt value cannot make the decoder
    /// loop or allocate without bound.
    #[inline]
    pub(super) fn count(&mut self) -> Result<usize, &'static str> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err("count out of range");
        }
        Ok(n)
    }

    pub(super) fn str(&mut self) -> Result<&'static str, &'static str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "invalid UTF-8")
    }

    /// `n` strings in a row (as `str` reads them), checked as UTF-8 together rather than one by one: the
    /// directory has thousands of short names, where the check's setup cost more than its work. Where
    /// the stretch is not UTF-8 as a whole (a length of 128 or more takes a varint byte above 0x7f), or a
    /// string does not fall on its character boundaries, that string is checked on its own, as `str` does.
    pub(super) fn strs(&mut self, n: usize) -> Result<Vec<&'static str>, &'static str> {
        let start = self.pos;
        for _ in 0..n {
            let len = self.count()?;
            self.take(len)?;
        }
        let stretch = self.bytes.get(start..self.pos).unwrap_or(&[]);
        let whole = std::str::from_utf8(stretch).ok();
        let mut again = Reader { bytes: self.bytes, pos: start };
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let len = again.count()?;
            let at = again.pos - start;
            let bytes = again.take(len)?;
            let text = match whole.and_then(|w| w.get(at..at + len)) {
                Some(text) => text,
                None => std::str::from_utf8(bytes).map_err(|_| "invalid UTF-8")?,
            };
            out.push(text);
        }
        Ok(out)
    }
}

/// A count then ascending key ids as deltas (each below `n_keys`), appended to `ids`; their place there.
pub(super) fn read_ids(r: &mut Reader, ids: &mut Vec<u32>, n_keys: u32) -> Result<IdRange, &'static str> {
    let start = to_u32(ids.len());
    let mut id = 0u32;
    for _ in 0..r.count()? {
        id = id.checked_add(r.u32()?).ok_or("key id overflow")?;
        if id >= n_keys {
            return Err("key id out of range");
        }
        ids.push(id);
    }
    Ok(start..to_u32(ids.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_runs_of_strings_as_one_by_one() {
        // Lengths under 128 (the stretch is UTF-8 as a whole), one of 200 (a varint byte above 0x7f),
        // non-ASCII text, and invalid UTF-8.
        let long = "x".repeat(200);
        let mut bytes = Vec::new();
        for s in ["", "ab", "é€", long.as_str(), "z"] {
            bytes.push(u8::try_from(s.len() % 128).unwrap() | if s.len() >= 128 { 0x80 } else { 0 });
            if s.len() >= 128 {
                bytes.push(u8::try_from(s.len() / 128).unwrap());
            }
            bytes.extend_from_slice(s.as_bytes());
        }
        let blob: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        for n in 0..=5 {
            let mut a = Reader { bytes: blob, pos: 0 };
            let mut b = Reader { bytes: blob, pos: 0 };
            let one_by_one: Vec<&str> = (0..n).map(|_| a.str().unwrap()).collect();
            assert_eq!(b.strs(n).unwrap(), one_by_one);
            assert_eq!(a.pos, b.pos);
        }
        for bad in [&b"\x02a\xff"[..], b"\x01a\x01\xc3", b"\x05ab"] {
            let mut r = Reader { bytes: bad, pos: 0 };
            assert!(r.strs(2).is_err());
        }
    }

    proptest::proptest! {
        #[test]
        fn strs_agrees_with_str(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64), n in 0usize..8) {
            let blob: &'static [u8] = Box::leak(raw.into_boxed_slice());
            let mut a = Reader { bytes: blob, pos: 0 };
            let one_by_one: Result<Vec<&str>, &str> = (0..n).map(|_| a.str()).collect();
            let mut b = Reader { bytes: blob, pos: 0 };
            let together = b.strs(n);
            proptest::prop_assert_eq!(together.is_ok(), one_by_one.is_ok());
            if let (Ok(x), Ok(y)) = (together, one_by_one) {
                proptest::prop_assert_eq!(x, y);
                proptest::prop_assert_eq!(a.pos, b.pos);
            }
        }
    }

    #[test]
    fn reads_varints() {
        let mut r = Reader { bytes: b"\x7f\x80\x01\xff\xff\xff\xff\x0f\xff\xff\xff\xff\x7f", pos: 0 };
        assert_eq!(r.u32().unwrap(), 127);
        assert_eq!(r.u32().unwrap(), 128);
        assert_eq!(r.u32().unwrap(), u32::MAX);
        assert!(r.u32().is_err());
    }
}
