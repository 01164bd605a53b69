//! The bindings of src/wasm.rs, run as WebAssembly in Node (wasm-bindgen-test's default environment).
//! Run with `make test-wasm`; natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]
// Test code: clippy's allow-*-in-tests does not see wasm_bindgen_test functions and their helpers.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod wasm_common;
