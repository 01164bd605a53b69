//! The public entry points: `simulate` and `explain` on a scenario, their JSON string forms (what the CLI,
//! the wasm bindings and the contract tests use), and [`Prepared`]: policies parsed and indexed once, then
//! many requests evaluated against them.
//!
//! (Skeleton: the evaluator lands next; until then every call answers with a `NOT_READY` diagnostic.)

use serde::Serialize;

use crate::model::Diagnostic;

/// The crate version, as `iamsim --version` and the JS `version()` report it.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Failure {
    ok: bool,
    diagnostics: Vec<Diagnostic>,
}

fn not_ready() -> String {
    let f = Failure { ok: false, diagnostics: vec![Diagnostic::error("NOT_READY", "the evaluator is not built yet")] };
    serde_json::to_string(&f).unwrap_or_default()
}

/// Simulates the Scenario JSON text; returns the SimulationResult as JSON text. Never panics.
pub fn simulate_json(_scenario: &str) -> String {
    not_ready()
}

/// Like [`simulate_json`], with the trace and its text rendering.
pub fn explain_json(_scenario: &str) -> String {
    not_ready()
}

/// Policies parsed once; requests evaluated against them.
pub struct Prepared {}

impl Prepared {
    /// `policies` is the JSON text of a Scenario's `policies` object; `options` of its `options` object.
    /// On invalid input returns the failure result as JSON text (`{"ok":false,"diagnostics":[...]}`).
    pub fn from_json(_policies: &str, _options: Option<&str>) -> Result<Prepared, String> {
        Err(not_ready())
    }

    /// `request` is the JSON text of a Scenario's `request` object.
    pub fn simulate_json(&self, _request: &str) -> String {
        not_ready()
    }

    pub fn explain_json(&self, _request: &str) -> String {
        not_ready()
    }
}
