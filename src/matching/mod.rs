//! Pure matching functions: wildcard globs, action and resource patterns, ARN segments, policy variables.
//!
//! Everything here is a pure function of its arguments, on the hot path of every simulation: the
//! matchers allocate nothing, never recurse and never panic; resolving a string without `${` allocates
//! nothing either. Principal matching (exact strings plus the account/role relations) belongs to `eval`.
//!
//! - [`wildcard`]: the one glob matcher (`StringLike` semantics) and [`Piece`]s of substituted text.
//! - `bytes`: equality and order of short byte strings without `memcmp` (a byte loop in the .wasm).
//! - [`action`]: `Action` / `NotAction` (case-insensitive glob).
//! - [`resource`]: `Resource` / `NotResource` (ARN-aware glob, spec §4.2).
//! - [`arn`]: ARN parsing and the `ArnLike` family's segment-wise match.
//! - [`variables`]: `${…}` resolution against the request context; [`variable_syntax`]: its grammar.

pub mod action;
pub mod arn;
pub(crate) mod bytes;
pub mod resource;
pub mod variable_syntax;
pub mod variables;
pub mod wildcard;

pub use action::action_matches;
pub use arn::{Arn, arn_like, arn_like_str};
pub use resource::{resource_matches, resource_matches_str};
pub use variable_syntax::{VariableProblem, VariableProblemKind, check_syntax};
pub use variables::{Resolved, VariableOutcome, VariableUse, has_variables, missing_keys, resolve, resolve_traced};
pub use wildcard::{Piece, Pieces, glob_match, glob_match_ignore_ascii_case, pieces_match};
