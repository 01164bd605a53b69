// Browser and bundler entry: fetches and compiles iamsim_bg.wasm (streaming) with top-level await when the
// module is imported, so the functions are ready as soon as `import` resolves. The .wasm is looked up
// beside this file (after bundling: beside the bundle); to load it from elsewhere, use 'iamsim/web'.
import init, * as glue from './iamsim_glue.js';
import { createApi } from './api.js';

await init({ module_or_path: new URL('./iamsim_bg.wasm', import.meta.url) });

export const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = createApi(glue);
