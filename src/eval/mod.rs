//! Evaluation: does a statement apply to a request ([`statement`]), then the decision flow across policy
//! types ([`flow`]). The effective context (request keys plus keys derived from the principal) is built
//! once per request by [`context`]; [`principal`] decides how a Principal element names the caller;
//! [`organizations`] holds the facts that switch gates on and off (RCP services, mandatory resource
//! policies); `gates` and `grants` read the evaluated statements in AWS's order and decide; `explain`
//! assembles the trace; [`prefilter`] is what a prepared policy set knows of its statements ahead of any
//! request. Nothing here parses text or formats JSON.

/// Records a step of the path only when explaining: simulate pays for none of these sentences.
macro_rules! st {
    ($tracing:expr, $steps:expr, $step:expr) => {
        if $tracing {
            $steps.push($step);
        }
    };
    ($tracing:expr, $steps:expr, $($arg:expr),+ $(,)?) => {
        if $tracing {
            $steps.push(step($($arg),+));
        }
    };
}

pub mod context;
mod explain;
pub mod flow;
mod gates;
mod grants;
pub mod organizations;
mod outcome;
pub mod prefilter;
pub mod principal;
pub mod statement;

pub use context::{derive_into, effective_context};
pub use flow::{evaluate, evaluate_filtered};
pub use outcome::{Decision, MatchedStatement, Outcome};
pub use prefilter::ActionFilter;
