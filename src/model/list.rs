//! [`OneOrMany`]: the strings of an element that IAM accepts as one string or an array of them (Action,
//! Resource, a condition key's values). Most hold exactly one, which is kept inline instead of in a vector
//! of its own: a scenario has hundreds of these lists, and each vector is an allocation.

use std::ops::Deref;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// An empty list (no allocation).
    pub fn new() -> OneOrMany<T> {
        OneOrMany::Many(Vec::new())
    }

    /// Appends; the first item stays inline, a second one moves both into a vector.
    pub fn push(&mut self, item: T) {
        match std::mem::replace(self, OneOrMany::Many(Vec::new())) {
            OneOrMany::Many(mut items) if !items.is_empty() => {
                items.push(item);
                *self = OneOrMany::Many(items);
            }
            OneOrMany::Many(_) => *self = OneOrMany::One(item),
            OneOrMany::One(first) => *self = OneOrMany::Many(vec![first, item]),
        }
    }

    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(item) => std::slice::from_ref(item),
            OneOrMany::Many(items) => items,
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
}
