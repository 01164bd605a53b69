//! [`OneOrMany`]: the strings of an element that IAM accepts as one string or an array of them (Action,
//! Resource, a condition key's values). Most hold exactly one, which is kept inline instead of in a vector
//! of its own: a scenario has hundreds of these lists, and each vector is an allocation. The parser puts
//! the longer lists of one policy into one [`ListPool`], which becomes a single shared allocation they all
//! point into ([`OneOrMany::Pooled`]).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
    /// Items `start..end` of the store shared by the lists of one policy.
    Pooled(Pooled<T>),
}

/// A run of a [`ListPool`]'s items. It has no store between [`ListPool::take_list`] and
/// [`OneOrMany::attach`] (the parser attaches every list before handing a policy out).
#[derive(Clone)]
pub struct Pooled<T> {
    store: Option<Arc<[T]>>,
    start: u32,
    end: u32,
}

impl<T> Pooled<T> {
    #[inline]
    fn as_slice(&self) -> &[T] {
        self.store.as_deref().and_then(|s| s.get(self.start as usize..self.end as usize)).unwrap_or_default()
    }
}

/// Where the lists of one policy collect their items while it is read: one vector for all, turned into one
/// shared slice by [`ListPool::finish`], instead of a vector per list.
#[derive(Debug)]
pub struct ListPool<T> {
    items: Vec<T>,
}

impl<T> ListPool<T> {
    pub fn with_capacity(capacity: usize) -> ListPool<T> {
        ListPool { items: Vec::with_capacity(capacity) }
    }

    /// Where the next list starts: pass it to [`ListPool::take_list`] or [`ListPool::discard`].
    pub fn mark(&self) -> usize {
        self.items.len()
    }

    #[inline]
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// The items pushed since `mark`, as a list: none and one are kept without the pool (one inline), more
    /// stay in it and wait for [`OneOrMany::attach`].
    pub fn take_list(&mut self, mark: usize) -> OneOrMany<T> {
        match self.items.len().saturating_sub(mark) {
            0 => OneOrMany::Many(Vec::new()),
            1 => match self.items.pop() {
                Some(item) => OneOrMany::One(item),
                None => OneOrMany::Many(Vec::new()),
            },
            _ => {
                let (start, end) = (u32::try_from(mark), u32::try_from(self.items.len()));
                match (start, end) {
                    (Ok(start), Ok(end)) => OneOrMany::Pooled(Pooled { store: None, start, end }),
                    // Beyond any policy's size; a list of its own then.
                    _ => OneOrMany::Many(self.items.split_off(mark)),
                }
            }
        }
    }

    /// Drops the items pushed since `mark` (a list that turned out invalid).
    pub fn discard(&mut self, mark: usize) {
        self.items.truncate(mark);
    }

    /// The items of `list`, also while it waits in this pool (for checks made before the pool is finished).
    pub fn items_of<'p>(&'p self, list: &'p OneOrMany<T>) -> &'p [T] {
        match list {
            OneOrMany::Pooled(Pooled { store: None, start, end }) => {
                self.items.get(*start as usize..*end as usize).unwrap_or_default()
            }
            _ => list.as_slice(),
        }
    }

    /// The items still in the pool, to finish them before they are shared.
    pub fn items_mut(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// The shared store for [`OneOrMany::attach`]; `None` when no list is in the pool.
    pub fn finish(self) -> Option<Arc<[T]>> {
        (!self.items.is_empty()).then(|| Arc::from(self.items))
    }
}

impl<T> OneOrMany<T> {
    /// An empty list (no allocation).
    pub fn new() -> OneOrMany<T> {
        OneOrMany::Many(Vec::new())
    }

    /// Appends; the first item stays inline, a second one moves both into a vector (as does a pooled
    /// list's first push).
    pub fn push(&mut self, item: T)
    where
        T: Clone,
    {
        match std::mem::replace(self, OneOrMany::Many(Vec::new())) {
            OneOrMany::Many(mut items) if !items.is_empty() => {
                items.push(item);
                *self = OneOrMany::Many(items);
            }
            OneOrMany::Many(_) => *self = OneOrMany::One(item),
            OneOrMany::One(first) => *self = OneOrMany::Many(vec![first, item]),
            OneOrMany::Pooled(pooled) => {
                let mut items = pooled.as_slice().to_vec();
                items.push(item);
                *self = OneOrMany::Many(items);
            }
        }
    }

    // `inline`: the evaluator reads every list through this, many times per request.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(item) => std::slice::from_ref(item),
            OneOrMany::Many(items) => items,
            OneOrMany::Pooled(pooled) => pooled.as_slice(),
        }
    }

    /// Points a pooled list at its pool's store (once the pool is finished); other lists are left alone.
    pub fn attach(&mut self, store: &Arc<[T]>) {
        if let OneOrMany::Pooled(pooled) = self {
            if pooled.store.is_none() {
                pooled.store = Some(Arc::clone(store));
            }
        }
    }

    /// Whether the list reads its items (false only for a pooled list not yet attached).
    pub fn is_attached(&self) -> bool {
        !matches!(self, OneOrMany::Pooled(Pooled { store: None, .. }))
    }
}

/// Lists are equal when their items are, however they are stored.
impl<T: PartialEq> PartialEq for OneOrMany<T> {
    fn eq(&self, other: &OneOrMany<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for OneOrMany<T> {}

impl<T: fmt::Debug> fmt::Debug for OneOrMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OneOrMany::One(item) => f.debug_tuple("One").field(item).finish(),
            OneOrMany::Many(items) => f.debug_tuple("Many").field(items).finish(),
            OneOrMany::Pooled(pooled) => f.debug_tuple("Pooled").field(&pooled.as_slice()).finish(),
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> OneOrMany<T> {
        OneOrMany::new()
    }
}

impl<T> Deref for OneOrMany<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(mut items: Vec<T>) -> OneOrMany<T> {
        if items.len() == 1 {
            if let Some(item) = items.pop() {
                return OneOrMany::One(item);
            }
        }
        OneOrMany::Many(items)
    }
}

impl<T> FromIterator<T> for OneOrMany<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> OneOrMany<T> {
        let mut iter = iter.into_iter();
        match (iter.next(), iter.next()) {
            (None, _) => OneOrMany::Many(Vec::new()),
            (Some(first), None) => OneOrMany::One(first),
            (Some(first), Some(second)) => {
                let mut items = vec![first, second];
                items.extend(iter);
                OneOrMany::Many(items)
            }
        }
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_inline_and_every_form_reads_as_a_slice() {
        let one: OneOrMany<u8> = vec![7].into();
        assert!(matches!(one, OneOrMany::One(7)));
        assert_eq!(&*one, &[7]);
        let many: OneOrMany<u8> = [1, 2, 3].into_iter().collect();
        assert_eq!((many.len(), many[2]), (3, 3));
        let none: OneOrMany<u8> = std::iter::empty().collect();
        assert!(none.is_empty());
        assert_eq!((&many).into_iter().sum::<u8>(), 6);
        let collected: OneOrMany<u8> = std::iter::once(4).collect();
        assert_eq!(collected, OneOrMany::One(4));
        let mut pushed = OneOrMany::new();
        pushed.push(1u8);
        assert_eq!(pushed, OneOrMany::One(1));
        pushed.push(2);
        pushed.push(3);
        assert_eq!(pushed, OneOrMany::Many(vec![1, 2, 3]));
    }

    #[test]
    fn pooled_lists_share_one_store_and_read_nothing_until_attached() {
        let mut pool = ListPool::with_capacity(2);
        let mark = pool.mark();
        pool.push(1u8);
        pool.push(2);
        let mut first = pool.take_list(mark);
        let mark = pool.mark();
        pool.push(3);
        let single = pool.take_list(mark);
        let mark = pool.mark();
        pool.push(9);
        pool.push(9);
        pool.discard(mark);
        let mark = pool.mark();
        let none = pool.take_list(mark);
        for i in [4, 5, 6] {
            pool.push(i);
        }
        let mut second = pool.take_list(mark);
        assert!(!first.is_attached() && first.is_empty());
        assert_eq!(pool.items_of(&first), &[1, 2]);
        assert_eq!(pool.items_of(&single), &[3]);
        assert_eq!(single, OneOrMany::One(3));
        assert!(none.is_empty() && none.is_attached());
        let store = pool.finish().unwrap();
        assert_eq!(&*store, &[1, 2, 4, 5, 6]);
        first.attach(&store);
        second.attach(&store);
        assert!(first.is_attached());
        assert_eq!((&*first, &*second), (&[1, 2][..], &[4, 5, 6][..]));
        assert_eq!(second, OneOrMany::Many(vec![4, 5, 6]), "equal by items");
        assert_eq!(format!("{first:?}"), "Pooled([1, 2])");
        second.push(7);
        assert_eq!(&*second, &[4, 5, 6, 7]);
        assert!(ListPool::<u8>::with_capacity(0).finish().is_none());
    }
}
