//! The public entry points: `simulate` and `explain` on a scenario, their JSON string forms (what the CLI,
//! the wasm bindings and the contract tests use), and [`Prepared`]: policies parsed once, then many
//! requests evaluated against them. Nothing here panics: every user mistake comes back as
//! `{ "ok": false, "diagnostics": [...] }`.
//!
//! ```
//! use iamsim::api::{simulate_json, Prepared};
//!
//! # fn main() -> Result<(), String> {
//! let result = simulate_json(r#"{"request": {"principal": "arn:aws:iam::111122223333:user/alice",
//!     "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"},
//!   "policies": {"identity": ["{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"]}}"#);
//! assert!(result.contains(r#""decision":"allowed""#));
//!
//! // Typed: parse once, evaluate many.
//! let prepared = Prepared::parse(r#"{"identity": [{"Version": "2012-10-17",
//!     "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}]}"#, None)
//!     .map_err(|failure| failure.to_json())?; // the `{ "ok": false, "diagnostics": [...] }` text
//! let request = iamsim::parse::parse_request(r#"{"principal": "arn:aws:iam::111122223333:user/alice",
//!     "action": "s3:GetObject"}"#).value.ok_or("the request has errors")?;
//! assert_eq!(prepared.simulate(&request).decision.map(|d| d.as_str()), Some("allowed"));
//! # Ok(())
//! # }
//! ```

mod result_frame;
pub(crate) mod result_json;

pub use result_frame::labels_json as frame_labels_json;

use serde::Serialize;

use crate::eval::{self, ActionFilter, Decision, MatchedStatement};
use crate::model::{Diagnostic, Options, PolicySet, Request, Scenario};
use crate::parse::{self, Parsed};
use crate::trace::{self, Headline, Trace};

/// The crate version, as `iamsim --version` and the JS `version()` report it.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// A SimulationResult (design.md §3); with `trace` and `text` it is an Explanation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulationResult {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_statements: Option<Vec<MatchedStatement>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_context_keys: Option<Vec<String>>,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
    /// The explanation as plain text (explain only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl SimulationResult {
    pub fn failure(diagnostics: Vec<Diagnostic>) -> SimulationResult {
        SimulationResult {
            ok: false,
            decision: None,
            reason: None,
            reason_code: None,
            matched_statements: None,
            missing_context_keys: None,
            diagnostics,
            trace: None,
            text: None,
        }
    }

    /// Writes the result as a frame (api/result_frame.rs) into the thread's frame buffer; returns its
    /// address, valid until the thread's next frame.
    pub fn write_frame(&self) -> usize {
        result_frame::write_frame(self)
    }

    /// The result as JSON text (what `serde_json::to_string` gives for it; written by hand, see
    /// `result_json`).
    pub fn to_json(&self) -> String {
        result_json::write(self)
    }
}

fn run(
    request: &Request,
    policies: &PolicySet,
    options: &Options,
    explain: bool,
    diagnostics: Vec<Diagnostic>,
) -> SimulationResult {
    run_owned(request.clone(), Policies { set: policies, filter: None }, options, explain, diagnostics)
}

/// The policies a request is evaluated against, with what a [`Prepared`] set knows of them in advance.
#[derive(Clone, Copy)]
struct Policies<'a> {
    set: &'a PolicySet,
    filter: Option<&'a ActionFilter>,
}

/// Evaluates a request the caller no longer needs: its context becomes the effective context in place.
fn run_owned(
    mut request: Request,
    policies: Policies<'_>,
    options: &Options,
    explain: bool,
    mut diagnostics: Vec<Diagnostic>,
) -> SimulationResult {
    diagnostics.extend(check_request(&request));
    // The derived keys join the request's own context in place (the request is ours, and its context no
    // longer needed as given): no second context is built.
    eval::derive_into(&mut request.context, &request.principal, options);
    let outcome = eval::evaluate_filtered(&request, policies.set, options, &request.context, explain, policies.filter);
    let mut trace = outcome.trace;
    if let Some(t) = trace.as_mut() {
        annotate_trace(&request, t);
    }
    // The next request's context is built in this one's storage.
    request.context.recycle();
    let text = trace.as_ref().map(|t| {
        let deciding = outcome.matched.first().map(|m| (m.input.as_str(), m.statement_index));
        let headline = Headline {
            decision: outcome.decision.as_str(),
            reason: &outcome.reason,
            deciding: if outcome.decision == Decision::ImplicitDeny { None } else { deciding },
            missing_context_keys: &outcome.missing_context_keys,
        };
        trace::render_text(&headline, t)
    });
    SimulationResult {
        ok: true,
        decision: Some(outcome.decision),
        reason: Some(outcome.reason),
        reason_code: Some(outcome.reason_code),
        matched_statements: Some(outcome.matched),
        missing_context_keys: Some(outcome.missing_context_keys),
        diagnostics,
        trace,
        text,
    }
}

/// Simulates a parsed scenario.
pub fn simulate(scenario: &Scenario) -> SimulationResult {
    let diags = check_policies(&scenario.policies);
    run(&scenario.request, &scenario.policies, &scenario.options, false, diags)
}

/// Simulates a parsed scenario and records the trace.
pub fn explain(scenario: &Scenario) -> SimulationResult {
    let diags = check_policies(&scenario.policies);
    run(&scenario.request, &scenario.policies, &scenario.options, true, diags)
}

fn from_text(text: &str, explain: bool) -> SimulationResult {
    from_parsed(parse::parse_scenario(text), explain)
}

fn from_parsed(parsed: Parsed<Scenario>, explain: bool) -> SimulationResult {
    let Parsed { value, mut diagnostics } = parsed;
    match value {
        Some(s) => {
            diagnostics.extend(check_policies(&s.policies));
            run_owned(s.request, Policies { set: &s.policies, filter: None }, &s.options, explain, diagnostics)
        }
        None => SimulationResult::failure(diagnostics),
    }
}

/// Simulates the Scenario JSON text; returns the SimulationResult as JSON text. Never panics.
pub fn simulate_json(scenario: &str) -> String {
    from_text(scenario, false).to_json()
}

/// Like [`simulate_json`], with the trace and its text rendering.
pub fn explain_json(scenario: &str) -> String {
    from_text(scenario, true).to_json()
}

/// [`simulate_json`] on a text the caller gives away: the policies' positions then refer to it as it is,
/// without a copy of the whole scenario (what the WebAssembly bindings call).
pub fn simulate_json_owned(scenario: String) -> String {
    from_parsed(parse::parse_scenario_owned(scenario), false).to_json()
}

/// [`simulate_json_owned`] with the result written as a frame (api/result_frame.rs) instead of JSON text:
/// returns the frame's address, valid until the thread's next frame (what the npm package reads).
pub fn simulate_frame_owned(scenario: String) -> usize {
    from_parsed(parse::parse_scenario_owned(scenario), false).write_frame()
}

/// [`explain_json`] on a text the caller gives away (see [`simulate_json_owned`]).
pub fn explain_json_owned(scenario: String) -> String {
    from_parsed(parse::parse_scenario_owned(scenario), true).to_json()
}

/// Simulates the Scenario JSON text into a typed result.
pub fn simulate_text(scenario: &str, explain: bool) -> SimulationResult {
    from_text(scenario, explain)
}

/// [`simulate_text`] on a text the caller gives away, which becomes the scenario's source without a copy
/// (what the CLI uses: it reads a file or a line and needs it no longer).
pub fn simulate_text_owned(scenario: String, explain: bool) -> SimulationResult {
    from_parsed(parse::parse_scenario_owned(scenario), explain)
}

/// Policies parsed once; requests evaluated against them (the throughput form).
pub struct Prepared {
    policies: PolicySet,
    /// Which statements can apply to which actions, worked out once for every request.
    filter: ActionFilter,
    options: Options,
    diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    pub fn new(policies: PolicySet, options: Options) -> Prepared {
        let diagnostics = check_policies(&policies);
        let filter = ActionFilter::new(&policies);
        Prepared { policies, filter, options, diagnostics }
    }

    fn policies(&self) -> Policies<'_> {
        Policies { set: &self.policies, filter: Some(&self.filter) }
    }

    /// `policies` is the JSON text of a Scenario's `policies` object; `options` of its `options` object.
    /// On invalid input returns the failure result as JSON text (`{"ok":false,"diagnostics":[...]}`).
    pub fn from_json(policies: &str, options: Option<&str>) -> Result<Prepared, String> {
        Prepared::parse(policies, options).map_err(|f| f.to_json())
    }

    /// Like [`Prepared::from_json`], with the failure as a typed result.
    pub fn parse(policies: &str, options: Option<&str>) -> Result<Prepared, Box<SimulationResult>> {
        let Parsed { value, mut diagnostics } = parse::parse_policy_set(policies);
        let opts = match options {
            None => Some(Options::default()),
            Some(o) => {
                let parsed = parse::parse_options(o);
                diagnostics.extend(parsed.diagnostics);
                parsed.value
            }
        };
        match (value, opts) {
            (Some(p), Some(o)) => {
                let mut prepared = Prepared::new(p, o);
                diagnostics.append(&mut prepared.diagnostics);
                prepared.diagnostics = diagnostics;
                Ok(prepared)
            }
            _ => Err(Box::new(SimulationResult::failure(diagnostics))),
        }
    }

    /// Warnings found while preparing the policies (they are not repeated in every result).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// [`Prepared::diagnostics`] as JSON text.
    pub fn diagnostics_json(&self) -> String {
        result_json::diagnostics(&self.diagnostics)
    }

    pub fn simulate(&self, request: &Request) -> SimulationResult {
        run_owned(request.clone(), self.policies(), &self.options, false, Vec::new())
    }

    pub fn explain(&self, request: &Request) -> SimulationResult {
        run_owned(request.clone(), self.policies(), &self.options, true, Vec::new())
    }

    fn run_parsed_request(&self, parsed: Parsed<Request>, explain: bool) -> SimulationResult {
        let Parsed { value, diagnostics } = parsed;
        match value {
            Some(r) => run_owned(r, self.policies(), &self.options, explain, diagnostics),
            None => SimulationResult::failure(diagnostics),
        }
    }

    /// `request` is the JSON text of a Scenario's `request` object.
    pub fn simulate_json(&self, request: &str) -> String {
        self.run_parsed_request(parse::parse_request(request), false).to_json()
    }

    pub fn explain_json(&self, request: &str) -> String {
        self.run_parsed_request(parse::parse_request(request), true).to_json()
    }

    /// [`Prepared::simulate_json`] on a text the caller gives away: it becomes the request's source as it
    /// is, without a copy (what the WebAssembly bindings call).
    pub fn simulate_json_owned(&self, request: String) -> String {
        self.run_parsed_request(parse::parse_request_owned(request), false).to_json()
    }

    /// [`Prepared::simulate_json_owned`] with the result written as a frame (see [`simulate_frame_owned`]).
    pub fn simulate_frame_owned(&self, request: String) -> usize {
        self.run_parsed_request(parse::parse_request_owned(request), false).write_frame()
    }

    /// [`Prepared::explain_json`] on a text the caller gives away.
    pub fn explain_json_owned(&self, request: String) -> String {
        self.run_parsed_request(parse::parse_request_owned(request), true).to_json()
    }
}

/// Service-data checks on the policies (unknown actions, retired actions, ...): warnings, never decisions.
fn check_policies(policies: &PolicySet) -> Vec<Diagnostic> {
    crate::service::check_policies(policies)
}

/// Service-data checks on the request (its action, resource type and context keys).
fn check_request(request: &Request) -> Vec<Diagnostic> {
    crate::service::check_request_context(request)
}

/// Names the action's access level and the resource type the ARN matched, where the service data knows.
fn annotate_trace(request: &Request, trace: &mut Trace) {
    trace.request.access_level = crate::service::access_level(&request.action).map(|l| l.as_str().to_string());
    trace.request.resource_type =
        crate::service::resource_type_for(&request.action, &request.resource).map(|m| m.name.to_string());
}
