//! JSON text -> model. A span-keeping JSON reader (duplicate keys rejected, depth and size limited), the
//! policy grammar for each policy type, and the scenario reader (unknown fields rejected). Every problem is
//! a [`crate::model::Diagnostic`] with a stable code and a range.
