//! Reads the embedded snapshot (`data/iam-data.bin`, written by `scripts/refresh-data.mjs`, which documents
//! the layout). At first use only the directory is read — services, action-name words, condition keys —
//! and each service's tables (resource types, action names and access levels) are decoded the first time a
//! lookup needs them, so a check that touches three services never pays for the other 450; their rows and
//! key lists later still, at the first lookup of those (see `links`). Every malformed byte becomes an
//! `Err`, never a panic; callers fall back to empty tables.

use std::ops::Range;
use std::sync::OnceLock;

use super::arn::ArnFormat;
use super::index::NameIndex;
use super::keys::KeyIndex;
use super::links::{Link, LinkSource, Links};
use super::reader::{Reader, to_u32};
use super::types::{AccessLevel, KeyType};

const MAGIC: &[u8] = b"IAMD";
const END: &[u8] = b"END.";
const FORMAT: u8 = 2;
const GLOBAL_FLAG: u8 = 0x80;
const ARN_PREFIX: &str = "arn:${Partition}:";
const ARN_REGION_ACCOUNT: &str = "${Region}:${Account}:";
/// Room reserved per condition key name (the snapshot's average is ~28 bytes): the names' text is built
/// without growing more than once or twice.
const KEY_NAME_BYTES: usize = 32;
/// The same for a service's ARN formats (~60 bytes unpacked) and action names (~20 bytes).
const ARN_BYTES: usize = 64;
const ACTION_NAME_BYTES: usize = 24;

/// The streams each service has a part of, in snapshot order (`STREAMS` in the refresh script).
const RT_NAMES: usize = 0;
const RT_ARNS: usize = 1;
const RT_KEYS: usize = 2;
const NAME_COUNTS: usize = 3;
const NAME_WORDS: usize = 4;
const LEVELS: usize = 5;
const LINKS: usize = 6;
const LINK_KEYS: usize = 7;
const ACTION_KEYS: usize = 8;
const N_STREAMS: usize = 9;

/// A slice of a text arena.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TextRef {
    start: u32,
    end: u32,
}

/// A slice of a service's key ids (see `links`): a sorted list.
pub(crate) type IdRange = Range<u32>;

pub(crate) struct Service {
    pub prefix: &'static str,
    pub name: &'static str,
    pub n_actions: u32,
    n_resource_types: u32,
    parts: [&'static [u8]; N_STREAMS],
    tables: OnceLock<Tables>,
}

pub(crate) struct Key {
    pub name: TextRef,
    pub key_type: KeyType,
    pub global: bool,
}

pub(crate) struct ResourceType {
    pub name: &'static str,
    pub arn: TextRef,
}

pub(crate) struct Action {
    pub name: TextRef,
    pub level: AccessLevel,
    /// Where the action is in [`Tables::actions`] (its rows and keys are found by it).
    position: u32,
}

/// One service's decoded tables; actions sorted case-insensitively by name.
#[derive(Default)]
pub(crate) struct Tables {
    pub resource_types: Vec<ResourceType>,
    pub actions: Vec<Action>,
    /// The resource-type rows and key lists, decoded at the first lookup of one.
    links: OnceLock<Links>,
    link_source: LinkSource,
    text: String,
    /// The resource types' ARN formats compiled, at the first request ARN matched against this service.
    arn_formats: OnceLock<Vec<Option<ArnFormat>>>,
    /// The actions by name, at the first lookup of one.
    action_index: OnceLock<NameIndex>,
}

impl Tables {
    pub fn text(&self, r: TextRef) -> &str {
        self.text.get(r.start as usize..r.end as usize).unwrap_or("")
    }

    /// The text's bytes (no character boundary checks: for comparisons).
    fn text_bytes(&self, r: TextRef) -> &[u8] {
        self.text.as_bytes().get(r.start as usize..r.end as usize).unwrap_or(&[])
    }

    /// The rows and key lists (empty if their part of the snapshot were corrupt, which the tests rule out).
    fn links(&self) -> &Links {
        self.links.get_or_init(|| self.link_source.decode().unwrap_or_default())
    }

    /// A row's keys (sorted).
    pub fn id_list(&self, r: &IdRange) -> &[u32] {
        self.links().id_list(r)
    }

    /// The action's resource-type rows.
    pub fn links_of(&self, a: &Action) -> &[Link] {
        self.links().rows_of(a.position)
    }

    /// The keys the action lists for itself (sorted).
    pub fn action_keys(&self, a: &Action) -> &[u32] {
        self.links().action_keys(a.position)
    }

    /// The keys defined on resource type `resource_type` (sorted).
    pub fn resource_type_keys(&self, resource_type: u32) -> &[u32] {
        self.links().resource_type_keys(resource_type)
    }

    pub fn action_name(&self, a: &Action) -> &str {
        self.text(a.name)
    }

    /// The action named `name` (any letter case).
    pub fn find_action(&self, name: &str) -> Option<&Action> {
        let name_at = |i: u32| self.actions.get(i as usize).map_or(&b""[..], |a| self.text_bytes(a.name));
        let index = self
            .action_index
            .get_or_init(|| NameIndex::build(self.actions.iter().map(|a| self.action_name(a)), name_at));
        self.actions.get(index.find(name, name_at)? as usize)
    }

    /// The compiled ARN format of resource type `i`; `None` for one no ARN matches.
    pub fn arn_format(&self, i: usize) -> Option<&ArnFormat> {
        let formats = self
            .arn_formats
            .get_or_init(|| self.resource_types.iter().map(|rt| ArnFormat::compile(self.text(rt.arn))).collect());
        formats.get(i)?.as_ref()
    }
}

/// The directory: everything but the per-service tables, which [`Data::tables`] decodes on demand.
#[derive(Default)]
pub(crate) struct Data {
    pub version: &'static str,
    pub date: &'static str,
    pub services: Vec<Service>,
    pub keys: Vec<Key>,
    key_text: String,
    words: Vec<&'static str>,
    pub rcp: Vec<&'static str>,
    /// Keys with a variable part (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
    pub variable_keys: Vec<u32>,
    /// The lookup structures for keys, built at the first lookup (see `keys`).
    key_index: OnceLock<KeyIndex>,
    /// The services by prefix, at the first lookup of one.
    service_index: OnceLock<NameIndex>,
}

impl Data {
    pub fn key_name(&self, id: u32) -> &str {
        self.keys.get(id as usize).map_or("", |k| self.name_of(k))
    }

    /// The key's name as bytes (no character boundary checks: for comparisons).
    #[inline]
    pub fn key_bytes(&self, id: u32) -> &[u8] {
        let range = |k: &Key| k.name.start as usize..k.name.end as usize;
        self.keys.get(id as usize).and_then(|k| self.key_text.as_bytes().get(range(k))).unwrap_or(&[])
    }

    pub fn name_of(&self, k: &Key) -> &str {
        self.key_text.get(k.name.start as usize..k.name.end as usize).unwrap_or("")
    }

    /// The service with this prefix (any letter case).
    pub fn find_service(&self, prefix: &str) -> Option<&Service> {
        let prefix_at = |i: u32| self.services.get(i as usize).map_or(&b""[..], |s| s.prefix.as_bytes());
        let index =
            self.service_index.get_or_init(|| NameIndex::build(self.services.iter().map(|s| s.prefix), prefix_at));
        self.services.get(index.find(prefix, prefix_at)? as usize)
    }

    pub fn key_index(&self) -> &KeyIndex {
        self.key_index.get_or_init(|| KeyIndex::build(self))
    }

    /// The service's tables, decoded at the first call (empty if its part of the snapshot were corrupt,
    /// which the tests rule out).
    pub fn tables<'a>(&'a self, service: &'a Service) -> &'a Tables {
        service.tables.get_or_init(|| self.decode_tables(service).unwrap_or_default())
    }

    pub fn decode(bytes: &'static [u8]) -> Result<Data, &'static str> {
        let mut r = Reader::new(bytes);
        if r.take(MAGIC.len())? != MAGIC || r.u8()? != FORMAT {
            return Err("not an iamsim service snapshot of format 2");
        }
        let mut d = Data { version: r.str()?, date: r.str()?, ..Data::default() };
        let n_services = r.count()?;
        let n_keys = r.count()?;
        let n_words = r.count()?;
        // Reserved at once: a service is ~350 bytes, and growing the list copied it eight times over. A
        // service takes four bytes of the snapshot at the least, which bounds the room a corrupt count asks.
        d.services.reserve_exact(n_services.min(r.remaining() / 4));
        for _ in 0..n_services {
            let (prefix, name) = (r.str()?, r.str()?);
            let (n_resource_types, n_actions) = (r.u32()?, r.u32()?);
            let parts = [&[][..]; N_STREAMS];
            d.services.push(Service { prefix, name, n_actions, n_resource_types, parts, tables: OnceLock::new() });
        }
        // Part lengths: recorded for the variable streams, one byte per action for the other two.
        let mut lengths = vec![[0usize; N_STREAMS]; n_services];
        for (s, len) in d.services.iter().zip(&mut lengths) {
            for (i, slot) in len.iter_mut().enumerate() {
                *slot = if i == NAME_COUNTS || i == LEVELS { s.n_actions as usize } else { r.count()? };
            }
        }
        d.words = r.strs(n_words)?;
        d.read_keys(&mut r, n_keys)?;
        for stream in 0..N_STREAMS {
            for (s, len) in d.services.iter_mut().zip(&lengths) {
                let n = len.get(stream).copied().unwrap_or(0);
                if let Some(part) = s.parts.get_mut(stream) {
                    *part = r.take(n)?;
                }
            }
        }
        let n_rcp = r.count()?;
        d.rcp = r.strs(n_rcp)?;
        if r.take(END.len())? != END || !r.at_end() {
            return Err("snapshot does not end where expected");
        }
        Ok(d)
    }

    fn read_keys(&mut self, r: &mut Reader, n_keys: usize) -> Result<(), &'static str> {
        // Front coding: each name is a head of the previous one plus its own suffix. The names are put
        // together as bytes and checked as UTF-8 once, at the end, not name by name (1,600 names).
        let mut text: Vec<u8> = Vec::with_capacity(n_keys * KEY_NAME_BYTES);
        let mut prev: Vec<u8> = Vec::new();
        let mut prev_variable: Option<usize> = None;
        self.keys.reserve_exact(n_keys);
        for i in 0..n_keys {
            let shared = r.count()?;
            let n = r.count()?;
            let suffix = r.take(n)?;
            // The head must end on a character boundary of the previous name (a sound snapshot is ASCII).
            if shared > prev.len() || prev.get(shared).is_some_and(|&b| is_continuation(b)) {
                return Err("bad key prefix");
            }
            prev.truncate(shared);
            prev.extend_from_slice(suffix);
            let start = text.len();
            text.extend_from_slice(&prev);
            let name = TextRef { start: to_u32(start), end: to_u32(text.len()) };
            self.keys.push(Key { name, key_type: KeyType::String, global: false });
            prev_variable = first_variable_part(&prev, shared, prev_variable);
            if prev_variable.is_some() {
                self.variable_keys.push(to_u32(i));
            }
        }
        // The names lie end to end: the text is UTF-8 and each name starts on a character boundary
        // exactly when every name (and so every suffix, its head ending on a boundary) is UTF-8 on its own.
        self.key_text = String::from_utf8(text).map_err(|_| "invalid UTF-8")?;
        if !self.keys.iter().all(|k| self.key_text.is_char_boundary(k.name.start as usize)) {
            return Err("invalid UTF-8");
        }
        for key in &mut self.keys {
            let b = r.u8()?;
            key.key_type = KeyType::from_code(b & !GLOBAL_FLAG).ok_or("bad key type")?;
            key.global = b & GLOBAL_FLAG != 0;
        }
        Ok(())
    }

    fn decode_tables(&self, s: &Service) -> Result<Tables, &'static str> {
        let stream = |i: usize| s.parts.get(i).copied().unwrap_or(&[]);
        let part = |i: usize| Reader::new(stream(i));
        let n_rts = s.n_resource_types as usize;
        let n_actions = s.n_actions as usize;
        let mut t = Tables {
            link_source: LinkSource {
                rt_keys: stream(RT_KEYS),
                links: stream(LINKS),
                link_keys: stream(LINK_KEYS),
                action_keys: stream(ACTION_KEYS),
                n_actions: s.n_actions,
                n_resource_types: s.n_resource_types,
                n_keys: to_u32(self.keys.len()),
            },
            ..Tables::default()
        };

        // The text is reserved at once (names take ~20 bytes an action, ARN formats ~60), so it does not
        // grow, and get copied, while decoding.
        let (mut names, mut arns) = (part(RT_NAMES), part(RT_ARNS));
        t.resource_types.reserve_exact(n_rts);
        t.text.reserve(n_rts * ARN_BYTES + n_actions * ACTION_NAME_BYTES);
        for _ in 0..n_rts {
            let name = names.str()?;
            let start = t.text.len();
            t.text.push_str(ARN_PREFIX);
            unpack_arn(arns.str()?, s.prefix, name, &mut t.text);
            let arn = TextRef { start: to_u32(start), end: to_u32(t.text.len()) };
            t.resource_types.push(ResourceType { name, arn });
        }

        let (mut counts, mut words, mut levels) = (part(NAME_COUNTS), part(NAME_WORDS), part(LEVELS));
        t.actions.reserve_exact(n_actions);
        let mut prev: Vec<&str> = Vec::new();
        for position in 0..s.n_actions {
            let c = counts.u8()?;
            prev.truncate(usize::from(c >> 4));
            for _ in 0..c & 15 {
                prev.push(self.words.get(words.u32()? as usize).ok_or("bad word id")?);
            }
            let start = t.text.len();
            prev.iter().for_each(|w| t.text.push_str(w));
            let name = TextRef { start: to_u32(start), end: to_u32(t.text.len()) };
            let level = AccessLevel::from_code(levels.u8()?).ok_or("bad access level")?;
            t.actions.push(Action { name, level, position });
        }
        if [names, arns, counts, words, levels].iter().any(|r| !r.at_end()) {
            return Err("service part not fully read");
        }
        Ok(t)
    }
}

/// True for a UTF-8 continuation byte (one that cannot start a character).
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// Where a key name's first variable part starts, `${...}` or `<...>` (`aws:ResourceTag/${TagKey}`,
/// `s3:ExistingObjectTag/<key>`), if it has one. The name is a head of `shared` bytes of the previous
/// name (whose answer is `prev`) and a suffix: when the previous name's first variable part lies wholly
/// in the head it is this name's too, and otherwise the head has none, so only the suffix is scanned
/// (from the byte before it, for a `${` split across the two). Half the bytes of a full scan.
fn first_variable_part(name: &[u8], shared: usize, prev: Option<usize>) -> Option<usize> {
    if let Some(p) = prev {
        let width = if name.get(p) == Some(&b'<') { 1 } else { 2 };
        if p + width <= shared {
            return Some(p);
        }
    }
    let mut from = shared.saturating_sub(1);
    loop {
        let at = from + name.get(from..)?.iter().position(|&b| b == b'<' || b == b'$')?;
        if name.get(at) == Some(&b'<') || name.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::lookup::cmp_ci;

    const BLOB: &[u8] = include_bytes!("data/iam-data.bin");

    #[test]
    fn every_service_part_decodes_whole() {
        let d = Data::decode(BLOB).unwrap();
        let mut actions = 0;
        for s in &d.services {
            let t = d.decode_tables(s).unwrap_or_else(|e| panic!("{}: {e}", s.prefix));
            assert_eq!(t.actions.len(), s.n_actions as usize);
            assert!(t.actions.iter().enumerate().all(|(i, a)| a.position as usize == i));
            t.link_source.decode().unwrap_or_else(|e| panic!("{} rows: {e}", s.prefix));
            actions += t.actions.len();
            // Sorted and unique ignoring case: a name has one answer, by hash or by binary search.
            let names: Vec<&str> = t.actions.iter().map(|a| t.action_name(a)).collect();
            assert!(names.windows(2).all(|w| cmp_ci(w[0], w[1]).is_lt()), "{}", s.prefix);
        }
        assert!(actions > 20_000);
        assert!(d.services.windows(2).all(|w| cmp_ci(w[0].prefix, w[1].prefix).is_lt()));
    }

    #[test]
    fn rows_and_keys_are_decoded_only_when_asked_for() {
        let d = Data::decode(BLOB).unwrap();
        let s = d.find_service("ec2").unwrap();
        let t = d.tables(s);
        let a = t.find_action("RunInstances").unwrap();
        assert_eq!(t.action_name(a), "RunInstances");
        assert!(t.links.get().is_none());
        assert!(!t.links_of(a).is_empty() && t.links.get().is_some());
        let instance = t.resource_types.iter().position(|rt| rt.name == "instance").unwrap();
        let tenancy = d.key_index().exact(&d, "ec2:Tenancy").unwrap();
        assert!(t.resource_type_keys(to_u32(instance)).contains(&tenancy));
        assert!(t.action_keys(a).windows(2).all(|w| w[0] < w[1]));
        assert!(t.resource_type_keys(u32::MAX).is_empty());
    }

    #[test]
    fn rejects_truncated_and_foreign_bytes() {
        assert!(Data::decode(b"").is_err());
        assert!(Data::decode(b"IAMD\x01").is_err());
        assert!(Data::decode(b"NOPE\x02").is_err());
        let cut: &'static [u8] = BLOB.get(..BLOB.len() - 10).unwrap();
        assert!(Data::decode(cut).is_err());
    }

    #[test]
    fn a_corrupt_service_part_is_an_error_not_a_panic() {
        let d = Data::decode(BLOB).unwrap();
        let s = d.services.iter().find(|s| s.prefix == "s3").unwrap();
        let mut broken = Service {
            prefix: s.prefix,
            name: s.name,
            n_actions: s.n_actions,
            n_resource_types: s.n_resource_types,
            parts: s.parts,
            tables: OnceLock::new(),
        };
        broken.parts[LINKS] = b"\xff\xff\xff\xff\xff\xff";
        let t = d.decode_tables(&broken).unwrap();
        assert!(t.link_source.decode().is_err());
        // The names stand; the rows and keys are empty.
        assert!(t.links_of(&t.actions[0]).is_empty() && t.action_keys(&t.actions[0]).is_empty());
        broken.parts = s.parts;
        broken.parts[NAME_WORDS] = b"\xff\xff\xff\xff\xff\xff";
        assert!(d.decode_tables(&broken).is_err());
        broken.parts = s.parts;
        broken.n_actions += 1;
        assert!(d.decode_tables(&broken).is_err());
        assert!(d.tables(&broken).actions.is_empty());
    }

    #[test]
    fn unpacks_arn_control_bytes() {
        let mut out = String::new();
        unpack_arn("\u{1}\u{2}\u{3}/${Id}", "lambda", "function", &mut out);
        assert_eq!(out, "lambda:${Region}:${Account}:function/${Id}");
    }

    /// The first variable part by a full scan, for comparison.
    fn first_variable_part_scanned(name: &[u8]) -> Option<usize> {
        (0..name.len()).find(|&i| name.get(i) == Some(&b'<') || name.get(i..i + 2) == Some(b"${"))
    }

    #[test]
    fn finds_variable_parts() {
        let first = |name: &[u8]| first_variable_part(name, 0, None);
        assert_eq!(first(b"aws:ResourceTag/${TagKey}"), Some(16));
        assert_eq!(first(b"s3:ExistingObjectTag/<key>"), Some(21));
        assert_eq!(first(b"<"), Some(0));
        assert_eq!(first(b"a$${"), Some(2));
        assert_eq!(first(b"aws:SourceIp"), None);
        assert_eq!(first(b"a$b{"), None);
        assert_eq!(first(b"a{$"), None);
        assert_eq!(first(b""), None);
        // Heads: the previous answer carried over, a `${` split at the junction, a part cut off.
        assert_eq!(first_variable_part(b"ab${x}", 5, Some(2)), Some(2));
        assert_eq!(first_variable_part(b"a<b", 2, Some(1)), Some(1));
        assert_eq!(first_variable_part(b"ab${", 3, None), Some(2));
        assert_eq!(first_variable_part(b"ab$x", 3, Some(2)), None);
        assert_eq!(first_variable_part(b"ab$x<", 3, Some(2)), Some(4));
        // As the directory decoder had it: `contains("${") || contains('<')`, on every key of the data.
        let d = Data::decode(BLOB).unwrap();
        let expected: Vec<u32> = (0..d.keys.len() as u32)
            .filter(|&id| d.key_name(id).contains("${") || d.key_name(id).contains('<'))
            .collect();
        assert_eq!(d.variable_keys, expected);
    }

    proptest::proptest! {
        /// Front-coded names as the snapshot has them: the carried-over answer equals a full scan.
        #[test]
        fn carried_variable_parts_agree_with_a_full_scan(
            steps in proptest::collection::vec((0usize..12, "[a${}<]{0,6}"), 1..30)
        ) {
            let mut prev: Vec<u8> = Vec::new();
            let mut answer = None;
            for (shared, suffix) in steps {
                let shared = shared.min(prev.len());
                prev.truncate(shared);
                prev.extend_from_slice(suffix.as_bytes());
                answer = first_variable_part(&prev, shared, answer);
                proptest::prop_assert_eq!(answer, first_variable_part_scanned(&prev), "{:?}", String::from_utf8_lossy(&prev));
            }
        }
    }

    /// What first use costs, best of 30 runs (the machine may be shared; the best run is the least
    /// disturbed): the directory alone, then every service's tables.
    /// `cargo test --release --lib decode_speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn decode_speed() {
        let best = |f: &dyn Fn()| {
            (0..30)
                .map(|_| {
                    let t = std::time::Instant::now();
                    f();
                    t.elapsed()
                })
                .min()
                .unwrap()
                .as_secs_f64()
                * 1000.0
        };
        let directory = best(&|| assert!(Data::decode(BLOB).unwrap().services.len() > 400));
        let one = best(&|| {
            let d = Data::decode(BLOB).unwrap();
            let s3 = d.services.iter().find(|s| s.prefix == "s3").unwrap();
            assert!(!d.tables(s3).actions.is_empty());
        });
        let all = best(&|| {
            let d = Data::decode(BLOB).unwrap();
            assert!(d.services.iter().map(|s| d.tables(s).actions.len()).sum::<usize>() > 20_000);
        });
        println!("decode: directory {directory:.2} ms, directory + s3 {one:.2} ms, everything {all:.2} ms");
    }
}
