//! The reader's two stacks (the open arrays' elements and the open objects' members), kept per thread from
//! one parse to the next. Every parse needs both, and allocating and freeing them each time was two
//! allocations and two frees per request text (the prepared path's only allocations while reading): they
//! are handed back empty when a reader is done and lent to the next one.
//!
//! The stacks hold values that borrow the text being read, so the kept ones are stored empty, as stacks of
//! `'static` values, and turned into stacks for the next text's lifetime by [`relabel`], which keeps the
//! allocation (same layout) without any `unsafe`.

use std::cell::Cell;

use super::{Json, Member};

/// Stacks that grew past this many entries are let go (one huge input should not pin its memory).
const KEEP_AT_MOST: usize = 4096;

thread_local! {
    static SPARE: Cell<Option<(Vec<Json<'static>>, Vec<Member<'static>>)>> = const { Cell::new(None) };
}

/// Room for the usual nesting, so a fresh stack rarely grows.
const FRESH_CAPACITY: usize = 32;

/// Empty stacks for a reader: the kept ones when there are some, else fresh ones.
pub(super) fn take<'a>() -> (Vec<Json<'a>>, Vec<Member<'a>>) {
    match SPARE.try_with(Cell::take).ok().flatten() {
        Some((items, members)) => (relabel(items), relabel(members)),
        None => (Vec::with_capacity(FRESH_CAPACITY), Vec::with_capacity(FRESH_CAPACITY)),
    }
}

/// Keeps a reader's stacks, emptied, for the next one (unless they grew too large).
pub(super) fn keep(items: Vec<Json<'_>>, members: Vec<Member<'_>>) {
    if items.capacity() > KEEP_AT_MOST || members.capacity() > KEEP_AT_MOST {
        return;
    }
    let kept = (relabel(items), relabel(members));
    // During the thread's teardown there is nowhere to keep them: they are simply dropped.
    let _ = SPARE.try_with(|spare| spare.set(Some(kept)));
}

/// The vector emptied, as a vector of `U` of the same layout (`Json<'a>` and `Json<'b>` differ only in
/// lifetime). Collecting a vector's own iterator reuses its allocation when the layouts match, so this keeps
/// the capacity (a test checks it).
fn relabel<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn kept_stacks_come_back_empty_with_their_room() {
        let mut items: Vec<Json<'_>> = Vec::with_capacity(100);
        items.push(Json { value: super::super::JsonValue::Null, span: Span::new(0, 4) });
        let members: Vec<Member<'_>> = Vec::with_capacity(50);
        let (items_at, members_at) = (items.as_ptr() as usize, members.as_ptr() as usize);
        keep(items, members);
        let (items, members) = take();
        assert!(items.is_empty() && members.is_empty());
        assert_eq!((items.capacity(), members.capacity()), (100, 50));
        assert_eq!((items.as_ptr() as usize, members.as_ptr() as usize), (items_at, members_at), "the same allocation");
        // Taken once: the next reader gets fresh stacks.
        let (fresh, _) = take();
        assert_eq!(fresh.capacity(), FRESH_CAPACITY);
        keep(Vec::with_capacity(KEEP_AT_MOST + 1), Vec::new());
        assert_eq!(take().0.capacity(), FRESH_CAPACITY, "too large to keep");
    }
}
