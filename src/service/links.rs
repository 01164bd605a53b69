//! A service's resource-type rows and condition key lists: which resource types each action names (and
//! whether it requires them), and the keys of each action, row and resource type. They sit in their own
//! streams of the snapshot (the layout is columnar), so they are decoded apart from the action names, at
//! the first lookup that needs them: checking a policy's `ec2:Describe*` needs ec2's names only, and only
//! the request's own service needs its rows and keys. Most of a service's bytes are these lists.

use std::ops::Range;

use super::decode::IdRange;
use super::reader::{Reader, read_ids, to_u32};

/// One row of an action's resource-type table.
pub(crate) struct Link {
    /// Index into the service's [`super::decode::Tables::resource_types`].
    pub resource_type: u32,
    pub required: bool,
    pub keys: IdRange,
}

/// The rows and key lists of one service.
#[derive(Default)]
pub(crate) struct Links {
    /// Per action, in the service's action order: its rows in `rows`, its own keys in `ids`.
    actions: Vec<(Range<u32>, IdRange)>,
    rows: Vec<Link>,
    /// Per resource type, in the service's order: its keys in `ids`.
    resource_types: Vec<IdRange>,
    ids: Vec<u32>,
}

impl Links {
    /// The rows of the action at `position`.
    pub fn rows_of(&self, position: u32) -> &[Link] {
        let Some((rows, _)) = self.actions.get(position as usize) else { return &[] };
        self.rows.get(rows.start as usize..rows.end as usize).unwrap_or(&[])
    }

    /// The keys the action at `position` lists for itself (sorted).
    pub fn action_keys(&self, position: u32) -> &[u32] {
        self.actions.get(position as usize).map_or(&[], |(_, keys)| self.id_list(keys))
    }

    /// The keys defined on the resource type at `position` (sorted).
    pub fn resource_type_keys(&self, position: u32) -> &[u32] {
        self.resource_types.get(position as usize).map_or(&[], |keys| self.id_list(keys))
    }

    /// A sorted list of key ids (a row's keys).
    pub fn id_list(&self, r: &IdRange) -> &[u32] {
        self.ids.get(r.start as usize..r.end as usize).unwrap_or(&[])
    }
}

/// Where a service's rows and key lists are, and what bounds their values.
#[derive(Clone, Copy, Default)]
pub(crate) struct LinkSource {
    pub rt_keys: &'static [u8],
    pub links: &'static [u8],
    pub link_keys: &'static [u8],
    pub action_keys: &'static [u8],
    pub n_actions: u32,
    pub n_resource_types: u32,
    /// How many condition keys the data has: every id must be below.
    pub n_keys: u32,
}

impl LinkSource {
    /// Every malformed byte is an `Err`, never a panic.
    pub fn decode(&self) -> Result<Links, &'static str> {
        let mut rt_keys = Reader::new(self.rt_keys);
        let mut links = Reader::new(self.links);
        let mut link_keys = Reader::new(self.link_keys);
        let mut action_keys = Reader::new(self.action_keys);
        let mut l = Links::default();
        // Room for everything at once, so nothing grows (and is copied) while decoding: a row, and a key
        // id, take at least a byte of their streams.
        l.actions.reserve_exact(self.n_actions as usize);
        l.resource_types.reserve_exact(self.n_resource_types as usize);
        l.rows.reserve(self.links.len());
        l.ids.reserve(self.rt_keys.len() + self.link_keys.len() + self.action_keys.len());
        for _ in 0..self.n_resource_types {
            let keys = read_ids(&mut rt_keys, &mut l.ids, self.n_keys)?;
            l.resource_types.push(keys);
        }
        for _ in 0..self.n_actions {
            let first_row = to_u32(l.rows.len());
            for _ in 0..links.count()? {
                let v = links.u32()?;
                let resource_type = v >> 1;
                if resource_type >= self.n_resource_types {
                    return Err("bad resource type");
                }
                let keys = read_ids(&mut link_keys, &mut l.ids, self.n_keys)?;
                l.rows.push(Link { resource_type, required: v & 1 == 1, keys });
            }
            let keys = read_ids(&mut action_keys, &mut l.ids, self.n_keys)?;
            l.actions.push((first_row..to_u32(l.rows.len()), keys));
        }
        if [rt_keys, links, link_keys, action_keys].iter().any(|r| !r.at_end()) {
            return Err("service part not fully read");
        }
        Ok(l)
    }
}
