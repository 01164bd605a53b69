//! The bindings of src/wasm.rs, run as WebAssembly in headless Chromium (through chromedriver).
//! Run with `make test-wasm`; natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]
// Test code: clippy's allow-*-in-tests does not see wasm_bindgen_test functions and their helpers.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_common;
