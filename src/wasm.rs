//! The WebAssembly bindings behind the npm package: string in, string out, and nothing else.
//!
//! Every function here takes JSON text and returns the core's JSON text unchanged. The package's small
//! JavaScript layer (npm/src/api.js) turns the caller's objects into text with `JSON.stringify` and the
//! results back into plain objects with `JSON.parse`. One parser sees every input and one serializer
//! writes every result, so JavaScript callers get byte for byte what the CLI prints.
//!
//! Measured against serde-wasm-bindgen (`Serializer::json_compatible()` on the typed result), on the
//! benchmark batch in Node: converting a prepared simulate's result takes ~1.5 µs that way; as JSON text it
//! is now ~0.3 µs to write (the hand-written writer of src/api/result_json.rs), ~0.1 µs to decode and
//! ~1.2 µs of `JSON.parse` — about the same, in a ~11 µs call. serde-wasm-bindgen would add ~11 KiB to the
//! module and a second result path here, so JSON text stays.
//!
//! No logic lives here: no validation, no defaults, no error wording. The public TypeScript declarations
//! are hand-written in npm/index.d.ts; the names below are internal to the package.

use wasm_bindgen::prelude::*;

use crate::{api, service};

/// Runs once when the module is instantiated: a panic (always a bug) then logs its message and location
/// with `console.error` before the instance traps, so a report can say where it happened.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// `simulate` on a Scenario given as JSON text; returns the SimulationResult as JSON text.
#[wasm_bindgen(js_name = simulateJson)]
// `String`, not `&str`: the text wasm-bindgen copied in becomes the scenario's source without another copy.
pub fn simulate_json(scenario: String) -> String {
    api::simulate_json_owned(scenario)
}

/// `explain` on a Scenario given as JSON text; returns the Explanation as JSON text.
#[wasm_bindgen(js_name = explainJson)]
pub fn explain_json(scenario: String) -> String {
    api::explain_json_owned(scenario)
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

/// Every service in the data as a JSON array of `{ "prefix": "s3", "name": "Amazon S3" }`, sorted by prefix
/// (for autocompletion).
#[wasm_bindgen(js_name = servicePrefixesJson)]
pub fn service_prefixes_json() -> String {
    let services: Vec<ServiceEntry> = service::service_prefixes()
        .into_iter()
        .map(|prefix| ServiceEntry { prefix, name: service::service_name(prefix).unwrap_or(prefix) })
        .collect();
    serde_json::to_string(&services).unwrap_or_else(|_| "[]".to_string())
}

/// One element of [`service_prefixes_json`].
#[derive(serde::Serialize)]
struct ServiceEntry {
    prefix: &'static str,
    name: &'static str,
}

/// Every condition key the data defines (global and per service, variable parts such as
/// `aws:ResourceTag/${TagKey}` included) as a JSON array of `{ name, type, global }`, sorted by name.
#[wasm_bindgen(js_name = conditionKeysJson)]
pub fn condition_keys_json() -> String {
    serde_json::to_string(&service::all_condition_keys()).unwrap_or_else(|_| "[]".to_string())
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

    /// Warnings found while preparing the policies, as a JSON array of diagnostics (`[]` on failure:
    /// the failure result carries them).
    #[wasm_bindgen(js_name = diagnosticsJson)]
    pub fn diagnostics_json(&self) -> String {
        match &self.prepared {
            Ok(prepared) => serde_json::to_string(prepared.diagnostics()).unwrap_or_else(|_| "[]".to_string()),
            Err(_) => "[]".to_string(),
        }
    }

    /// `simulate` on a Scenario's `request` object given as JSON text (taken by value: the copy
    /// wasm-bindgen makes into wasm memory becomes the request's source, with no second one).
    #[wasm_bindgen(js_name = simulateJson)]
    pub fn simulate_json(&self, request: String) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.simulate_json_owned(request),
            Err(failure) => failure.clone(),
        }
    }

    /// `explain` on a Scenario's `request` object given as JSON text.
    #[wasm_bindgen(js_name = explainJson)]
    pub fn explain_json(&self, request: String) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.explain_json_owned(request),
            Err(failure) => failure.clone(),
        }
    }
}
