//! # iamsim — would AWS allow this request, and why?
//!
//! An offline AWS IAM policy simulator. Given a request (principal, action, resource, context) and the
//! policies AWS would combine for it — identity policies, a permissions boundary, session policies, one
//! resource-based policy (bucket, queue, role trust or KMS key policy), SCPs and RCPs per organization
//! level — it returns AWS's decision (`allowed`, `explicitDeny`, `implicitDeny`) and a trace of why,
//! pointing at the line and column of the text the user pasted.
//!
//! ## The decision order
//! An explicit Deny in any policy wins. Then every RCP level of the resource's account and every SCP level
//! of the principal's account must allow. Then a resource-based policy may grant on its own (depending on
//! which form of the principal it names), otherwise the identity policies must allow, and the permissions
//! boundary and session policies, where present, must allow too. Cross-account requests need both sides.
//! The full rules are in `spec/evaluation.md` and `spec/conditions.md` of the project.
//!
//! ## Modules
//! - [`api`]: the entry points (`simulate`, `explain`, their `*_json` string forms, the prepared form).
//! - [`model`]: typed policies and scenarios; [`parse`]: JSON text to the model, with spans and grammar.
//! - [`source`]: spans and line/column conversion.
//! - [`matching`]: wildcards, ARNs, policy variables; [`conditions`]: condition operators.
//! - [`eval`]: statements, then the decision flow; [`trace`]: explain events and their text.
//! - [`service`]: the embedded AWS service authorization data.

pub mod api;
pub mod conditions;
pub mod eval;
pub mod matching;
pub mod model;
pub mod parse;
pub mod service;
pub mod source;
pub mod trace;
/// The WebAssembly bindings of the npm package (wasm32 only): JSON text in, JSON text out.
#[cfg(target_arch = "wasm32")]
pub mod wasm;
