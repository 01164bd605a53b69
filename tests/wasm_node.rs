//! The bindings of src/wasm.rs, run as WebAssembly in Node (wasm-bindgen-test's default environment).
//! Run with `make test-wasm`; natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
