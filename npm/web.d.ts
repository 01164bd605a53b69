// 'iamsim/web': the same functions as 'iamsim', loaded by the caller with init() or initSync() first.
export * from "./index.js";

/** What init() can load the module from. */
export type WasmSource =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<Response>;

/**
 * Loads the WebAssembly module; by default `iamsim_bg.wasm` beside this file. Call once before using the
 * functions; calling again is harmless.
 */
export function init(source?: WasmSource): Promise<void>;

/** Like {@link init}, synchronously, from the module's bytes or a compiled `WebAssembly.Module`. */
export function initSync(module: BufferSource | WebAssembly.Module): void;
