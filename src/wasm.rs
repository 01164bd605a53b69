//! The WebAssembly bindings behind the npm package: text in, text (or a frame) out, and nothing else.
//!
//! Every function here takes JSON text. The package's small JavaScript layer (npm/src/api.js) turns the
//! caller's objects into text with `JSON.stringify`, so one parser sees every input and JavaScript callers
//! get the diagnostics and positions the CLI gives. Explanations and the service-data answers come back as
//! the core's JSON text, which the package reads with `JSON.parse`. A simulation's result comes back as a
//! frame in the module's memory instead (`simulateFrame`; layout in src/api/result_frame.rs), which
//! npm/src/frame.js reads into the same objects: measured on the benchmark batch in Node, that is ~0.4 µs
//! against ~1.6 µs of decoding and `JSON.parse` in a ~10 µs prepared call. (serde-wasm-bindgen, building JS
//! values from Rust one property at a time, took ~1.5 µs and ~11 KiB of code.) The JSON forms of simulate
//! stay for callers of these bindings and the wasm tests.
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

/// `simulate` on a Scenario given as JSON text; returns the address of the result's frame
/// (src/api/result_frame.rs) in the module's memory, valid until the next call.
#[wasm_bindgen(js_name = simulateFrame)]
pub fn simulate_frame(scenario: String) -> u32 {
    address(api::simulate_frame_owned(scenario))
}

/// The labels a frame's enumerations index, as JSON text.
#[wasm_bindgen(js_name = frameLabelsJson)]
pub fn frame_labels_json() -> String {
    api::frame_labels_json()
}

/// The module's memory, where the package reads frames. (Not named `memory`: that is the export of the
/// memory itself, which the glue keeps to itself.)
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// A frame's address as a JS number (addresses in wasm32 memory fit in u32).
fn address(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(0)
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
    service::describe_action_json(action)
}

/// Every service in the data as a JSON array of `{ "prefix": "s3", "name": "Amazon S3" }`, sorted by prefix
/// (for autocompletion).
#[wasm_bindgen(js_name = servicePrefixesJson)]
pub fn service_prefixes_json() -> String {
    service::services_json()
}

/// Every condition key the data defines (global and per service, variable parts such as
/// `aws:ResourceTag/${TagKey}` included) as a JSON array of `{ name, type, global }`, sorted by name.
#[wasm_bindgen(js_name = conditionKeysJson)]
pub fn condition_keys_json() -> String {
    service::condition_keys_json()
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
    prepared: Result<api::Prepared, Box<api::SimulationResult>>,
}

#[wasm_bindgen]
impl Compiled {
    /// `policies` is the JSON text of a Scenario's `policies` object, `options` of its `options` object.
    #[wasm_bindgen(constructor)]
    pub fn new(policies: &str, options: Option<String>) -> Compiled {
        Compiled { prepared: api::Prepared::parse(policies, options.as_deref()) }
    }

    /// The failure result (JSON text) when the policies were invalid, else `undefined`.
    pub fn failure(&self) -> Option<String> {
        self.prepared.as_ref().err().map(|failure| failure.to_json())
    }

    /// Warnings found while preparing the policies, as a JSON array of diagnostics (`[]` on failure:
    /// the failure result carries them).
    #[wasm_bindgen(js_name = diagnosticsJson)]
    pub fn diagnostics_json(&self) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.diagnostics_json(),
            Err(_) => "[]".to_string(),
        }
    }

    /// `simulate` on a Scenario's `request` object given as JSON text (taken by value: the copy
    /// wasm-bindgen makes into wasm memory becomes the request's source, with no second one).
    #[wasm_bindgen(js_name = simulateJson)]
    pub fn simulate_json(&self, request: String) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.simulate_json_owned(request),
            Err(failure) => failure.to_json(),
        }
    }

    /// `simulate` on a Scenario's `request` object given as JSON text; returns the address of the
    /// result's frame, as the free `simulateFrame` does.
    #[wasm_bindgen(js_name = simulateFrame)]
    pub fn simulate_frame(&self, request: String) -> u32 {
        address(match &self.prepared {
            Ok(prepared) => prepared.simulate_frame_owned(request),
            Err(failure) => failure.write_frame(),
        })
    }

    /// `explain` on a Scenario's `request` object given as JSON text.
    #[wasm_bindgen(js_name = explainJson)]
    pub fn explain_json(&self, request: String) -> String {
        match &self.prepared {
            Ok(prepared) => prepared.explain_json_owned(request),
            Err(failure) => failure.to_json(),
        }
    }
}
