// Node ESM entry: the same single instance as require('iamsim') (one module cache entry), re-exported by
// name. It is loaded with require rather than `import api from './node.cjs'`: Node's ESM loader would read
// and scan the 25 KB CommonJS bundle for its export names first, ~2 ms of a ~16 ms cold start (make bench).
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./node.cjs');

export const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = api;
