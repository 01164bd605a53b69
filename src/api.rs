//! The public entry points: simulate, explain (and their JSON string forms), the prepared form.
