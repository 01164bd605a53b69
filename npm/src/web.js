// Manual-init entry ('iamsim/web'): for pages and bundlers that want to choose where the .wasm comes from
// (a CDN path, bytes already in memory, a compiled WebAssembly.Module). Call `await init()` or
// `initSync({ module })` once, then use the same functions as the main entry.
import initGlue, * as glue from './iamsim_glue.js';
import { createApi } from './api.js';

let initialized = false;

/**
 * Loads the module: `source` is a URL, a Response, bytes or a WebAssembly.Module; by default the
 * iamsim_bg.wasm beside this file. Calling it again is harmless.
 */
export async function init(source) {
  if (!initialized) {
    await initGlue({ module_or_path: source ?? new URL('./iamsim_bg.wasm', import.meta.url) });
    initialized = true;
  }
}

/** Like init(), synchronously, from bytes or a WebAssembly.Module. */
export function initSync(module) {
  if (!initialized) {
    glue.initSync({ module });
    initialized = true;
  }
}

function ready() {
  if (!initialized) throw new Error("iamsim/web: call `await init()` (or initSync) before using the functions");
}

export const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = createApi(glue, ready);
