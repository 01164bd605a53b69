//! The WebAssembly bindings behind the npm package: string in, string out, and nothing else.
//!
//! Every function here takes JSON text and returns the core's JSON text unchanged. The package's small
//! JavaScript layer (npm/src/api.js) turns the caller's objects into text with `JSON.stringify` and the
//! results back into plain objects with `JSON.parse`. That keeps one parser for every caller (the CLI,
//! Rust and JavaScript get identical diagnostics and positions) and keeps the module small: converting
//! through serde-wasm-bindgen would first parse the result text in wasm and then build the object field by
//! field across the boundary, which measured slower than one `JSON.parse` (see npm/README.md).
//!
//! No logic lives here: no validation, no defaults, no error wording. The public TypeScript declarations
//! are hand-written in npm/index.d.ts; the names below are internal to the package.

use wasm_bindgen::prelude::*;

use crate::{api, service};

/// `simulate` on a Scenario given as JSON text; returns the SimulationResult as JSON text.
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(scenario: &str) -> String {
    api::simulate_json(scenario)
}

/// `explain` on a Scenario given as JSON text; returns the Explanation as JSON text.
#[wasm_bindgen(js_name = explainJson)]
pub fn explain_json(scenario: &str) -> String {
    api::explain_json(scenario)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}

/// Every action an `Action` pattern matches (`s3:Get*`), from the embedded service data; canonical names.
#[wasm_bindgen(js_name = expandAction)]
pub fn expand_action(pattern: &str) -> Vec<String> {
    service::expand_action(pattern)
}

/// An action's access level, resource types and condition keys as JSON text; `null` when unknown.
#[wasm_bindgen(js_name = describeActionJson)]
pub fn describe_action_json(action: &str) -> String {
    serde_json::to_string(&service::describe_action(action)).unwrap_or_else(|_| "null".to_string())
}

/// Which snapshot of the AWS service authorization data is embedded.
#[wasm_bindgen(js_name = dataVersion)]
pub fn data_version() -> String {
    service::data_version().to_string()
}

/// Policies parsed once, for many requests (`compile` in the package). Invalid policies do not throw:
/// the failure is kept and answered by [`Compiled::failure`] and by every request.
#[wasm_bindgen]
pub struct Compiled {
    prepared: Result<api::Prepared, String>,
}

#[wasm_bindgen]
impl Compiled {
    /// `policies` is the JSON text of a Scenario's `policies` object, `options` of its `options` object.
    #[wasm_bindgen(constructor)]
    pub fn new(policies: &str, options: Option<String>) -> Compiled {
        Compiled { prepared: api::Prepared::from_json(policies, options.as_deref()) }
    }

    /// The failure result (JSON text) when the policies were invalid, else `undefined`.
    pub fn failure(&self) -> Option<String> {
        self.prepared.as_ref().err().cloned()
    }

    /// `simulate` on a Scenario's `request` object given as JSON text.
    #[wasm_bindgen(js_name = simulateJson)]
    pub fn simulate_json(&self, request: &str) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.simulate_json(request),
            Err(failure) => failure.clone(),
        }
    }

    /// `explain` on a Scenario's `request` object given as JSON text.
    #[wasm_bindgen(js_name = explainJson)]
    pub fn explain_json(&self, request: &str) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.explain_json(request),
            Err(failure) => failure.clone(),
        }
    }
}
