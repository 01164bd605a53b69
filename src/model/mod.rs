//! The typed model: policies as parsed (every element keeps its span), the scenario (request, principal,
//! policy set, options) and diagnostics. Pure data: no I/O, no parsing, no evaluation.

mod condition;
mod context;
mod diagnostic;
mod list;
mod policy;
mod principal;
mod scenario;
mod text;

pub use condition::{BaseOperator, ConditionClause, ConditionValue, Operator, OperatorError, Qualifier};
pub use context::{Context, ContextBuilder, ContextEntry, ContextValue, ContextValueRef, NewValue};
pub use diagnostic::{Diagnostic, Severity};
pub use list::{ListPool, OneOrMany};
pub use policy::{
    ActionElement, Effect, Pattern, Policy, PolicySource, PolicyType, PrincipalElement, PrincipalEntry, PrincipalKey,
    ResourceElement, ResourcePolicyKind, Statement, Version,
};
pub use principal::{Principal, PrincipalKind};
pub use scenario::{NotPrincipalMode, Options, PolicySet, Request, Scenario};
pub use text::PolicyStr;
