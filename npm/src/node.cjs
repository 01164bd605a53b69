// Node entry (require and, through node.mjs, import): reads the .wasm beside this file and instantiates it
// synchronously, so `require('iamsim')` is ready to use at once, with no init step for the caller.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');
const glue = require('./iamsim_glue.js');
const { createApi } = require('./api.js');

const LAZY_FLAG = 'wasm-lazy-compilation';

/**
 * Compiles the module eagerly. V8 compiles WebAssembly lazily by default: each function the first time it
 * is called, one at a time, on the main thread. The first simulate runs through most of iamsim's code, so
 * lazily it pays ~11 ms of compilation inside that call, against ~6 ms to compile the whole module up
 * front, in parallel on V8's background threads (cold start, import + first simulate, in `make bench`:
 * ~17–30 ms lazily, ~13 ms eagerly). The flag is switched off for this one synchronous compilation and
 * put back at once, so nothing else in the process is compiled under it; a process that sets the flag
 * itself (on the command line or in NODE_OPTIONS) keeps its choice. Where `v8.setFlagsFromString` is
 * missing or refuses (another runtime), the module is simply compiled lazily.
 */
function compileEagerly(bytes) {
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (options.includes(LAZY_FLAG)) return new WebAssembly.Module(bytes);
  let switched = false;
  try {
    v8.setFlagsFromString(`--no-${LAZY_FLAG}`);
    switched = true;
  } catch {
    // Compile lazily below.
  }
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    if (switched) v8.setFlagsFromString(`--${LAZY_FLAG}`);
  }
}

glue.initSync({ module: compileEagerly(readFileSync(join(__dirname, 'iamsim_bg.wasm'))) });

module.exports = createApi(glue);
