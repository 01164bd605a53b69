//! Condition keys by name, fast enough to run on every simulation: a hash index over the names (see
//! `index`), and the templates of keys with a variable part (`aws:ResourceTag/${TagKey}`) grouped by their
//! literal head (`aws`), so a key is matched only against the few templates that could fit it. Built once,
//! at the first lookup (the templates at the first key that needs them); it holds ids, not names.

use std::sync::OnceLock;

use super::decode::Data;
use super::index::{NameIndex, word_of};
use super::pattern::Glob;

pub(crate) struct KeyIndex {
    names: NameIndex,
    /// The ids of `TAG_KEYS` (`u32::MAX` for one the data lacks).
    tags: [u32; 3],
    /// Built at the first key that names no key exactly (most contexts have none).
    templates: OnceLock<Templates>,
}

struct Templates {
    /// Most specific (most literal characters) first, then by id: the first match is the best.
    list: Vec<(u32, Glob, Start)>,
    /// Templates whose head (see `literal_head`) is literal, by the head's length and first eight bytes
    /// lowercased, sorted; with their positions in `list`, ascending. Every template a key can match is in
    /// the key's group or in `loose`.
    groups: Vec<((usize, u64), Vec<usize>)>,
    /// The other templates (`agent.${Domain}.buildkite.dev:...`), by the start of their literal prefix
    /// (a few distinct ones), with their positions in `list`, ascending.
    loose: Vec<(Start, Vec<usize>)>,
}

/// Global in AWS's list, yet present only for resources and requests that support tags: they apply to an
/// action only where its table names them (spec/conditions.md §5.4, §5.5).
const TAG_KEYS: [&str; 3] = ["aws:requesttag/${tagkey}", "aws:resourcetag/${tagkey}", "aws:tagkeys"];

/// A key's head: up to its first `:` or `/` (`aws:ResourceTag/x` -> `aws`,
/// `token.actions.githubusercontent.com/sub:actor` -> `token.actions.githubusercontent.com`).
fn head(key: &str) -> Option<&str> {
    key.get(..key.bytes().position(|b| b == b':' || b == b'/')?)
}

/// The head of a template whose characters up to and including the `:` or `/` that ends it are literal:
/// a key can match the template only if its own head is the same, ignoring case. `None` when a variable
/// part or wildcard may come first.
fn literal_head(template: &str) -> Option<&str> {
    head(template).filter(|h| !h.bytes().any(|b| matches!(b, b'$' | b'<' | b'*' | b'?')))
}

/// A head's group: its length and first eight bytes, lowercased (heads that share both share a group).
fn group_of(head: &str) -> (usize, u64) {
    (head.len(), lower_word(head))
}

/// A text's first eight bytes, lowercased, zero-padded.
fn lower_word(text: &str) -> u64 {
    text.bytes().take(8).enumerate().fold(0, |w, (i, b)| w | u64::from(b.to_ascii_lowercase()) << (8 * i))
}

/// The first eight bytes of a template's literal prefix (lowercase) and a mask over those it has: a key
/// whose first bytes, lowercased, differ there cannot match the template.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Start {
    word: u64,
    mask: u64,
}

impl Start {
    fn of(glob: &Glob) -> Start {
        let prefix: Vec<u8> = glob.literal_prefix().take(8).collect();
        let mask = if prefix.len() >= 8 { u64::MAX } else { (1u64 << (8 * prefix.len())) - 1 };
        Start { word: word_of(&prefix), mask }
    }

    fn may_match(self, key_word: u64) -> bool {
        (key_word ^ self.word) & self.mask == 0
    }
}

impl KeyIndex {
    pub fn build(d: &Data) -> KeyIndex {
        let names = NameIndex::build(d.keys.iter().map(|k| d.name_of(k)), |id| d.key_bytes(id));
        let mut tags = [u32::MAX; 3];
        for (slot, name) in tags.iter_mut().zip(TAG_KEYS) {
            *slot = names.find(name, |id| d.key_bytes(id)).unwrap_or(u32::MAX);
        }
        KeyIndex { names, tags, templates: OnceLock::new() }
    }

    /// True for the tag keys: global, yet tied to the actions that name them (see `TAG_KEYS`).
    pub fn is_tag_key(&self, id: u32) -> bool {
        self.tags.contains(&id)
    }

    /// The id of the key named exactly (any letter case).
    pub fn exact(&self, d: &Data, key: &str) -> Option<u32> {
        self.names.find(key, |id| d.key_bytes(id))
    }

    /// The id of the most specific template the key instantiates (`aws:ResourceTag/Owner` ->
    /// `aws:ResourceTag/${TagKey}`).
    pub fn template(&self, d: &Data, key: &str) -> Option<u32> {
        self.templates.get_or_init(|| Templates::build(d)).find(key)
    }
}

/// The templates by literal length, longest first, and by id within a length: the order `Templates::list`
/// needs. Templates come in id order (`Data::variable_keys` is ascending), so one bucket per length, filled
/// in that order and read from the longest, gives it without a general sort (each element type a sort
/// routine is used with adds a few KiB of WebAssembly to compile at every start).
fn most_specific_first(templates: impl Iterator<Item = (u32, Glob, Start)>) -> Vec<(u32, Glob, Start)> {
    let mut by_length: Vec<Vec<(u32, Glob, Start)>> = Vec::new();
    let mut count = 0;
    for template in templates {
        let length = template.1.literal_len();
        if by_length.len() <= length {
            by_length.resize_with(length + 1, Vec::new);
        }
        if let Some(bucket) = by_length.get_mut(length) {
            bucket.push(template);
            count += 1;
        }
    }
    let mut list = Vec::with_capacity(count);
    by_length.into_iter().rev().for_each(|bucket| list.extend(bucket));
    list
}

impl Templates {
    fn build(d: &Data) -> Templates {
        let list = most_specific_first(d.variable_keys.iter().map(|&id| {
            let glob = Glob::template(d.key_name(id), true, true);
            let start = Start::of(&glob);
            (id, glob, start)
        }));
        let mut groups: Vec<((usize, u64), Vec<usize>)> = Vec::new();
        let mut loose: Vec<(Start, Vec<usize>)> = Vec::new();
        for (pos, (id, _, start)) in list.iter().enumerate() {
            let Some(head) = literal_head(d.key_name(*id)) else {
                match loose.iter_mut().find(|(s, _)| s == start) {
                    Some((_, positions)) => positions.push(pos),
                    None => loose.push((*start, vec![pos])),
                }
                continue;
            };
            let group = group_of(head);
            match groups.binary_search_by_key(&group, |(g, _)| *g) {
                Ok(i) => {
                    if let Some((_, positions)) = groups.get_mut(i) {
                        positions.push(pos);
                    }
                }
                Err(i) => groups.insert(i, (group, vec![pos])),
            }
        }
        Templates { list, groups, loose }
    }

    /// The first match in `list` order among the templates of the key's group and the loose ones.
    fn find(&self, key: &str) -> Option<u32> {
        let key_word = lower_word(key);
        let first = |positions: &[usize]| {
            positions
                .iter()
                .copied()
                .find(|&p| self.list.get(p).is_some_and(|(_, g, start)| start.may_match(key_word) && g.matches(key)))
        };
        let grouped = head(key).and_then(|head| {
            let i = self.groups.binary_search_by_key(&group_of(head), |(g, _)| *g).ok()?;
            first(&self.groups.get(i)?.1)
        });
        let loose =
            self.loose.iter().filter(|(start, _)| start.may_match(key_word)).filter_map(|(_, list)| first(list)).min();
        let best = match (grouped, loose) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        self.list.get(best).map(|(id, _, _)| *id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::lookup::cmp_ci;

    #[test]
    fn heads() {
        assert_eq!(literal_head("aws:ResourceTag/${TagKey}"), Some("aws"));
        let github = "token.actions.githubusercontent.com";
        assert_eq!(literal_head(&format!("{github}/${{SubPath}}:actor")), Some(github));
        assert_eq!(literal_head("${Service}:x"), None);
        assert_eq!(literal_head("a<b>:c"), None);
        assert_eq!(literal_head("nodelimiter${X}"), None);
        assert_eq!(head("aws:"), Some("aws"));
        assert_eq!(head(":x"), Some(""));
        assert_eq!(head("plain"), None);
        assert_eq!(group_of("AWS"), group_of("aws"));
        assert_ne!(group_of("token.actions.x"), group_of("token.actions.yy"));
    }

    #[test]
    fn finds_every_key_by_its_name_in_any_case() {
        let d = super::super::data();
        let index = KeyIndex::build(d);
        for (i, k) in d.keys.iter().enumerate() {
            let name = d.name_of(k);
            let id = u32::try_from(i).unwrap();
            assert_eq!(index.exact(d, name), Some(id), "{name}");
            assert_eq!(index.exact(d, &name.to_ascii_uppercase()), Some(id), "{name}");
            assert_eq!(index.exact(d, &format!("{name}x")), None, "{name}");
        }
        assert_eq!(index.exact(d, ""), None);
        // Names are unique case-insensitively, so the exact lookup has one answer.
        assert!(d.keys.windows(2).all(|w| cmp_ci(d.name_of(&w[0]), d.name_of(&w[1])).is_lt()));
        // The data has both kinds of template (`agent.${Domain}.buildkite.dev:...` is loose), built only
        // when a key needs them.
        assert!(index.templates.get().is_none());
        assert_eq!(index.template(d, "aws:PrincipalTag/x"), index.exact(d, "aws:PrincipalTag/${TagKey}"));
        let templates = index.templates.get().unwrap();
        assert!(!templates.loose.is_empty() && !templates.groups.is_empty());
    }

    #[test]
    fn templates_by_head() {
        let d = super::super::data();
        let index = KeyIndex::build(d);
        let name = |key: &str| index.template(d, key).map(|id| d.key_name(id));
        assert_eq!(name("aws:ResourceTag/Owner"), Some("aws:ResourceTag/${TagKey}"));
        assert_eq!(name("AWS:RESOURCETAG/Owner"), Some("aws:ResourceTag/${TagKey}"));
        assert_eq!(name("s3:ExistingObjectTag/env"), Some("s3:ExistingObjectTag/<key>"));
        assert_eq!(name("aws:ResourceTag/"), None);
        assert_eq!(name("nocolon"), None);
        assert_eq!(name("nosuchservice:ResourceTag/x"), None);
        assert_eq!(
            name("agent.example.buildkite.dev:pipeline_slug"),
            Some("agent.${Domain}.buildkite.dev:pipeline_slug")
        );
        assert_eq!(name("Token.Actions.x.GHE.com:actor"), Some("token.actions.${Domain}.ghe.com:actor"));
        let github = "token.actions.githubusercontent.com";
        assert_eq!(name(&format!("{github}/a/b:actor")), Some(format!("{github}/${{SubPath}}:actor").as_str()));
        // A few distinct starts stand for the loose templates.
        let loose = index.templates.get().unwrap().loose.len();
        assert!(loose < 10, "{loose}");
    }

    #[test]
    fn knows_the_tag_keys() {
        let d = super::super::data();
        let index = KeyIndex::build(d);
        let is_tag = |name: &str| index.is_tag_key(index.exact(d, name).unwrap());
        assert!(is_tag("aws:RequestTag/${TagKey}") && is_tag("aws:ResourceTag/${TagKey}") && is_tag("aws:TagKeys"));
        assert!(!is_tag("aws:PrincipalTag/${TagKey}") && !is_tag("aws:SourceIp"));
        assert!(!index.tags.contains(&u32::MAX));
    }

    #[test]
    fn templates_most_specific_first_as_a_sort_would_order_them() {
        let d = super::super::data();
        assert!(d.variable_keys.windows(2).all(|w| w[0] < w[1]), "variable keys in id order");
        let list = Templates::build(d).list;
        let mut sorted: Vec<(u32, usize)> =
            d.variable_keys.iter().map(|&id| (id, Glob::template(d.key_name(id), true, true).literal_len())).collect();
        sorted.sort_by_key(|&(id, len)| (std::cmp::Reverse(len), id));
        let got: Vec<(u32, usize)> = list.iter().map(|(id, g, _)| (*id, g.literal_len())).collect();
        assert_eq!(got, sorted);
        assert!(got.len() > 50, "{}", got.len());
    }

    proptest::proptest! {
        #[test]
        fn bucketing_is_a_stable_sort_by_descending_literal_length(
            texts in proptest::collection::vec("[a-c${}<>*]{0,12}", 0..40)
        ) {
            let items: Vec<(u32, Glob, Start)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let glob = Glob::template(t, true, true);
                    let start = Start::of(&glob);
                    (i as u32, glob, start)
                })
                .collect();
            let mut expected: Vec<(u32, usize)> = items.iter().map(|(id, g, _)| (*id, g.literal_len())).collect();
            expected.sort_by_key(|&(id, len)| (std::cmp::Reverse(len), id));
            let got: Vec<(u32, usize)> =
                most_specific_first(items.into_iter()).iter().map(|(id, g, _)| (*id, g.literal_len())).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn starts_reject_only_what_cannot_match() {
        let start = |t: &str| Start::of(&Glob::template(t, true, true));
        assert!(start("aws:ResourceTag/${TagKey}").may_match(lower_word("AWS:RESOURCETAG/x")));
        assert!(!start("aws:ResourceTag/${TagKey}").may_match(lower_word("aws:RequestTag/x")));
        assert!(start("idcs-${Id}.x:y").may_match(lower_word("IDCS-abc")));
        assert!(!start("idcs-${Id}.x:y").may_match(lower_word("idc")));
        assert!(start("${Id}:y").may_match(lower_word("anything")));
        assert_eq!(lower_word("AB"), 0x6261);
    }
}
