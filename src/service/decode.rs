//! Reads the embedded snapshot (`data/iam-data.bin`, written by `scripts/refresh-data.mjs`, which documents
//! the columnar layout) into index-based tables. Decoding happens once, at first use; every malformed
//! byte becomes an `Err`, never a panic, and the caller falls back to empty tables.

use std::ops::Range;

use super::types::{AccessLevel, KeyType};

const MAGIC: &[u8] = b"IAMD";
const END: &[u8] = b"END.";
const FORMAT: u8 = 1;
const GLOBAL_FLAG: u8 = 0x80;
const ARN_PREFIX: &str = "arn:${Partition}:";
const ARN_REGION_ACCOUNT: &str = "${Region}:${Account}:";

/// A slice of [`Data::text`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TextRef {
    start: u32,
    end: u32,
}

/// A slice of [`Data::ids`]: a sorted list of key ids.
pub(crate) type IdRange = Range<u32>;

pub(crate) struct Service {
    pub prefix: &'static str,
    pub name: &'static str,
    pub resource_types: Range<u32>,
    pub actions: Range<u32>,
}

pub(crate) struct Key {
    pub name: TextRef,
    pub key_type: KeyType,
    pub global: bool,
}

pub(crate) struct ResourceType {
    pub name: &'static str,
    pub arn: TextRef,
    pub keys: IdRange,
}

pub(crate) struct Action {
    pub service: u32,
    pub name: TextRef,
    pub level: AccessLevel,
    pub links: Range<u32>,
    pub keys: IdRange,
}

/// One row of an action's resource-type table.
pub(crate) struct Link {
    /// Index into [`Data::resource_types`].
    pub resource_type: u32,
    pub required: bool,
    pub keys: IdRange,
}

/// The decoded tables. Indices are `u32` into the vectors; names that needed rebuilding live in `text`.
#[derive(Default)]
pub(crate) struct Data {
    pub version: &'static str,
    pub date: &'static str,
    pub services: Vec<Service>,
    pub keys: Vec<Key>,
    pub resource_types: Vec<ResourceType>,
    pub actions: Vec<Action>,
    pub links: Vec<Link>,
    pub ids: Vec<u32>,
    pub text: String,
    pub rcp: Vec<&'static str>,
    /// Keys with a variable part (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
    pub variable_keys: Vec<u32>,
}

impl Data {
    pub fn text(&self, r: TextRef) -> &str {
        self.text.get(r.start as usize..r.end as usize).unwrap_or("")
    }

    pub fn id_list(&self, r: &IdRange) -> &[u32] {
        self.ids.get(r.start as usize..r.end as usize).unwrap_or(&[])
    }

    pub fn key_name(&self, id: u32) -> &str {
        self.keys.get(id as usize).map_or("", |k| self.text(k.name))
    }

    pub fn action_name(&self, a: &Action) -> &str {
        self.text(a.name)
    }

    pub fn service_of(&self, a: &Action) -> Option<&Service> {
        self.services.get(a.service as usize)
    }

    pub fn decode(bytes: &'static [u8]) -> Result<Data, &'static str> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC || r.u8()? != FORMAT {
            return Err("not an iamsim service snapshot of format 1");
        }
        let mut d = Data { version: r.str()?, date: r.str()?, ..Data::default() };
        // The rebuilt names and ARN formats take about 1.7 times the snapshot; reserving once avoids the
        // copies of a doubling arena.
        d.text.reserve(bytes.len() / 10 * 17);
        let n_services = r.count()?;
        let n_keys = r.count()?;
        let n_words = r.count()?;

        let mut n_rts = 0u32;
        let mut n_actions = 0u32;
        for _ in 0..n_services {
            let (prefix, name) = (r.str()?, r.str()?);
            let (rts, acts) = (r.u32()?, r.u32()?);
            let resource_types = n_rts..n_rts.checked_add(rts).ok_or("too many resource types")?;
            let actions = n_actions..n_actions.checked_add(acts).ok_or("too many actions")?;
            (n_rts, n_actions) = (resource_types.end, actions.end);
            d.services.push(Service { prefix, name, resource_types, actions });
        }
        let words = (0..n_words).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;

        d.read_keys(&mut r, n_keys)?;
        d.read_resource_types(&mut r, n_rts)?;
        d.read_actions(&mut r, n_actions, &words)?;

        let n_rcp = r.count()?;
        d.rcp = (0..n_rcp).map(|_| r.str()).collect::<Result<_, _>>()?;
        if r.take(END.len())? != END || r.pos != bytes.len() {
            return Err("snapshot does not end where expected");
        }
        Ok(d)
    }

    fn push_text(&mut self, s: &str) -> TextRef {
        let start = self.text.len();
        self.text.push_str(s);
        TextRef { start: to_u32(start), end: to_u32(self.text.len()) }
    }

    fn read_ids(&mut self, r: &mut Reader, n_keys: u32) -> Result<IdRange, &'static str> {
        let start = to_u32(self.ids.len());
        let mut id = 0u32;
        for _ in 0..r.count()? {
            id = id.checked_add(r.u32()?).ok_or("key id overflow")?;
            if id >= n_keys {
                return Err("key id out of range");
            }
            self.ids.push(id);
        }
        Ok(start..to_u32(self.ids.len()))
    }

    fn read_keys(&mut self, r: &mut Reader, n_keys: usize) -> Result<(), &'static str> {
        let mut prev = TextRef::default();
        for _ in 0..n_keys {
            let shared = r.count()?;
            let suffix = r.str()?;
            let start = self.text.len();
            let head = self.text.get(prev.start as usize..).and_then(|t| t.get(..shared)).ok_or("bad key prefix")?;
            let head = head.to_string();
            self.text.push_str(&head);
            self.text.push_str(suffix);
            prev = TextRef { start: to_u32(start), end: to_u32(self.text.len()) };
            self.keys.push(Key { name: prev, key_type: KeyType::String, global: false });
        }
        for (i, key) in self.keys.iter_mut().enumerate() {
            let b = r.u8()?;
            key.key_type = KeyType::from_code(b & !GLOBAL_FLAG).ok_or("bad key type")?;
            key.global = b & GLOBAL_FLAG != 0;
            let name = self.text.get(key.name.start as usize..key.name.end as usize).unwrap_or("");
            if name.contains("${") || name.contains('<') {
                self.variable_keys.push(to_u32(i));
            }
        }
        Ok(())
    }

    fn read_resource_types(&mut self, r: &mut Reader, n_rts: u32) -> Result<(), &'static str> {
        let names = (0..n_rts).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
        let mut arns = Vec::with_capacity(names.len());
        let mut buf = String::new();
        for s in 0..self.services.len() {
            let Some(service) = self.services.get(s) else { break };
            let (prefix, range) = (service.prefix, service.resource_types.clone());
            for i in range {
                let name = names.get(i as usize).copied().unwrap_or("");
                buf.clear();
                buf.push_str(ARN_PREFIX);
                unpack_arn(r.str()?, prefix, name, &mut buf);
                arns.push(self.push_text(&buf));
            }
        }
        let n_keys = to_u32(self.keys.len());
        for (name, arn) in names.into_iter().zip(arns) {
            let keys = self.read_ids(r, n_keys)?;
            self.resource_types.push(ResourceType { name, arn, keys });
        }
        Ok(())
    }

    fn read_actions(&mut self, r: &mut Reader, n_actions: u32, words: &[&str]) -> Result<(), &'static str> {
        let counts = r.take(n_actions as usize)?;
        let mut names = Vec::with_capacity(counts.len());
        let mut service_of = Vec::with_capacity(counts.len());
        let mut prev: Vec<&str> = Vec::new();
        let mut next = counts.iter();
        for (s, service) in self.services.iter().enumerate() {
            prev.clear();
            for _ in service.actions.clone() {
                let c = next.next().ok_or("action count mismatch")?;
                let (shared, new) = (usize::from(c >> 4), usize::from(c & 15));
                prev.truncate(shared);
                for _ in 0..new {
                    prev.push(words.get(r.u32()? as usize).ok_or("bad word id")?);
                }
                let start = self.text.len();
                prev.iter().for_each(|w| self.text.push_str(w));
                names.push(TextRef { start: to_u32(start), end: to_u32(self.text.len()) });
                service_of.push(to_u32(s));
            }
        }
        let levels = r.take(n_actions as usize)?;
        self.links.reserve(n_actions as usize);
        self.actions.reserve(n_actions as usize);
        self.ids.reserve(n_actions as usize * 3);
        let mut link_ranges = Vec::with_capacity(counts.len());
        for &service in &service_of {
            let rts = self.services.get(service as usize).map_or(0..0, |s| s.resource_types.clone());
            let start = to_u32(self.links.len());
            for _ in 0..r.count()? {
                let v = r.u32()?;
                let resource_type = rts.start.checked_add(v >> 1).filter(|i| rts.contains(i)).ok_or("bad resource type")?;
                self.links.push(Link { resource_type, required: v & 1 == 1, keys: 0..0 });
            }
            link_ranges.push(start..to_u32(self.links.len()));
        }
        let n_keys = to_u32(self.keys.len());
        for i in 0..self.links.len() {
            let keys = self.read_ids(r, n_keys)?;
            if let Some(link) = self.links.get_mut(i) {
                link.keys = keys;
            }
        }
        for (((name, service), level), links) in names.into_iter().zip(service_of).zip(levels).zip(link_ranges) {
            let level = AccessLevel::from_code(*level).ok_or("bad access level")?;
            let keys = self.read_ids(r, n_keys)?;
            self.actions.push(Action { service, name, level, links, keys });
        }
        Ok(())
    }
}

/// Appends a packed ARN format with its control bytes expanded (see `packArn` in the refresh script).
fn unpack_arn(packed: &str, prefix: &str, type_name: &str, out: &mut String) {
    for ch in packed.chars() {
        match ch {
            '\u{1}' => {
                out.push_str(prefix);
                out.push(':');
            }
            '\u{2}' => out.push_str(ARN_REGION_ACCOUNT),
            '\u{3}' => out.push_str(type_name),
            c => out.push(c),
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Reader {
    bytes: &'static [u8],
    pos: usize,
}

impl Reader {
    #[inline]
    fn take(&mut self, n: usize) -> Result<&'static [u8], &'static str> {
        let end = self.pos.checked_add(n).ok_or("length overflow")?;
        let s = self.bytes.get(self.pos..end).ok_or("snapshot truncated")?;
        self.pos = end;
        Ok(s)
    }

    #[inline]
    fn u8(&mut self) -> Result<u8, &'static str> {
        Ok(self.take(1)?.first().copied().unwrap_or(0))
    }

    #[inline]
    fn u32(&mut self) -> Result<u32, &'static str> {
        // Most values fit one byte.
        if let Some(&b) = self.bytes.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u32::from(b));
            }
        }
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

    /// A count, length or index: none can exceed the snapshot's size, so a corrupt value cannot make the
    /// decoder loop or allocate without bound.
    #[inline]
    fn count(&mut self) -> Result<usize, &'static str> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err("count out of range");
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<&'static str, &'static str> {
        let n = self.count()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "invalid UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_truncated_and_foreign_bytes() {
        assert!(Data::decode(b"").is_err());
        assert!(Data::decode(b"IAMD\x02").is_err());
        assert!(Data::decode(b"NOPE\x01").is_err());
        let blob = include_bytes!("data/iam-data.bin");
        let cut: &'static [u8] = blob.get(..blob.len() - 10).unwrap();
        assert!(Data::decode(cut).is_err());
    }

    #[test]
    fn unpacks_arn_control_bytes() {
        let mut out = String::new();
        unpack_arn("\u{1}\u{2}\u{3}/${Id}", "lambda", "function", &mut out);
        assert_eq!(out, "lambda:${Region}:${Account}:function/${Id}");
    }

    /// The decode cost, best of 30 runs (the machine may be shared; the best run is the least disturbed):
    /// `cargo test --release --lib decode_speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn decode_speed() {
        let blob: &'static [u8] = include_bytes!("data/iam-data.bin");
        let best = (0..30)
            .map(|_| {
                let t = std::time::Instant::now();
                let d = Data::decode(blob).unwrap();
                let e = t.elapsed();
                assert!(d.actions.len() > 20_000);
                e
            })
            .min()
            .unwrap();
        println!("decode: best of 30 = {:.2} ms", best.as_secs_f64() * 1000.0);
    }

    #[test]
    fn reads_varints() {
        let mut r = Reader { bytes: b"\x7f\x80\x01\xff\xff\xff\xff\x0f", pos: 0 };
        assert_eq!(r.u32().unwrap(), 127);
        assert_eq!(r.u32().unwrap(), 128);
        assert_eq!(r.u32().unwrap(), u32::MAX);
        assert!(r.u32().is_err());
    }
}
