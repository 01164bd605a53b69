//! One context storage kept per thread for the next request. A prepared policy set evaluates request after
//! request, each building a context (a table and its two buffers, behind an `Arc`) only to drop it at the
//! end: four allocations and four frees per request, which in WebAssembly's allocator cost more than reading
//! the context does. The evaluation hands its context back ([`super::Context::recycle`]) and the next
//! request's context is built in it, emptied. Nothing is shared: a storage is kept only when its context was
//! the sole owner, and at most one is kept (of bounded size).

use std::cell::Cell;
use std::sync::Arc;

use super::table::Table;

/// A storage whose text buffer grew past this many bytes is let go: one huge request should not pin its
/// memory for the life of the thread.
const KEEP_AT_MOST: usize = 64 * 1024;

thread_local! {
    static SPARE: Cell<Option<Arc<Table>>> = const { Cell::new(None) };
    /// The storage of the keys derived from the principal (a table of their own, see `Context`).
    static SPARE_DERIVED: Cell<Option<Table>> = const { Cell::new(None) };
}

/// An empty storage: the one kept from an earlier context when there is one, else a new one.
pub(super) fn take() -> Arc<Table> {
    SPARE.try_with(Cell::take).ok().flatten().unwrap_or_default()
}

/// Keeps `table`, emptied, for the next context, unless it is shared or too large.
pub(super) fn keep(mut table: Arc<Table>) {
    let Some(t) = Arc::get_mut(&mut table) else { return };
    if t.text.capacity() > KEEP_AT_MOST {
        return;
    }
    t.clear();
    // During the thread's teardown there is nowhere to keep it: it is simply dropped.
    let _ = SPARE.try_with(|spare| spare.set(Some(table)));
}

/// An empty storage for derived keys: the one kept from an earlier context when there is one.
pub(super) fn take_derived() -> Table {
    SPARE_DERIVED.try_with(Cell::take).ok().flatten().unwrap_or_default()
}

/// Keeps a derived-key storage, emptied, for the next context (unless it has no room, or too much).
pub(super) fn keep_derived(mut table: Table) {
    if table.text.capacity() > KEEP_AT_MOST || table.rows.capacity() == 0 {
        return;
    }
    table.clear();
    let _ = SPARE_DERIVED.try_with(|spare| spare.set(Some(table)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewValue;

    fn with_capacity(keys: usize, key_bytes: usize, value_bytes: usize) -> Table {
        let mut table = Table::default();
        table.reserve(keys, key_bytes, value_bytes);
        table
    }

    #[test]
    fn a_kept_storage_comes_back_empty_and_a_shared_one_is_not_kept() {
        let mut table = with_capacity(4, 64, 64);
        let row = table.row("aws:SourceIp", NewValue::Scalar("10.0.0.1"), false);
        table.rows.push(row);
        let capacity = table.text.capacity();
        keep(Arc::new(table));
        let again = take();
        assert!(again.rows.is_empty() && again.text.is_empty() && again.lower.is_empty());
        assert_eq!(again.text.capacity(), capacity);
        assert_eq!(take().text.capacity(), 0, "only one is kept, and taken once");
        let shared = Arc::new(with_capacity(1, 8, 8));
        let _other = Arc::clone(&shared);
        keep(shared);
        assert_eq!(take().text.capacity(), 0);
        keep(Arc::new(with_capacity(1, KEEP_AT_MOST, 8)));
        assert_eq!(take().text.capacity(), 0, "too large to keep");
        // The derived keys' storage likewise.
        let mut derived = with_capacity(4, 64, 64);
        let row = derived.row("aws:username", NewValue::Scalar("alice"), true);
        derived.rows.push(row);
        keep_derived(derived);
        let again = take_derived();
        assert!(again.rows.is_empty() && again.rows.capacity() >= 4);
        assert_eq!(take_derived().rows.capacity(), 0, "taken once");
    }
}
