// Node entry for import: instantiates the module synchronously, so `import { simulate } from 'iamsim'` is
// ready to use at once. It is an ES module of its own, not a re-export of node.cjs: loading any CommonJS
// file from an ES module costs Node ~1.5 ms (its CommonJS loader, or node:module for createRequire), a
// tenth of the cold start. A process that both requires and imports iamsim therefore has two instances,
// each answering alike (the API keeps no state between calls: compiled policies belong to their object).
import * as glue from './iamsim_glue.js';
import { createApi } from './api.js';
import { loadModule } from './node-module.js';

glue.initSync({ module: loadModule(new URL('./iamsim_bg.wasm', import.meta.url)) });

export const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = createApi(glue);
