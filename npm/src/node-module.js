// The WebAssembly module for the Node entries (node.cjs for require, node.mjs for import): read from the
// .wasm beside the entry and compiled synchronously, under V8 flags of our own.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

/**
 * The V8 flags iamsim's module is compiled under, each as [while compiling, V8's default to put back]; a
 * flag the process sets itself (on the command line or in NODE_OPTIONS) is left to its choice.
 *
 * - Eager compilation. V8 compiles WebAssembly lazily by default: each function the first time it is
 *   called, one at a time, on the main thread. The first simulate runs through most of iamsim's code, and
 *   compiling it function by function there cost more than compiling the whole module up front, in parallel
 *   on V8's worker threads (import + first simulate in `make bench`: ~20–35 ms lazily, ~17 ms eagerly).
 * - V8 11 (Node 20) only: the tiering budget V8 adopted later (13,000,000 "bytes executed" before a function
 *   is recompiled by the optimizing tier, up from 1,800,000; see --wasm-tiering-budget in V8's
 *   flag-definitions.h). With the old one, the first simulate's hot functions are sent to the optimizing
 *   compiler during that call, and on a two-core machine those compile jobs take the CPU from the call
 *   itself: it took 1.5 ms when nothing competed and a median of ~5 ms (up to 14) otherwise. With the later
 *   budget it takes 1.4 ms either way, and steady-state speed is reached as before within make bench's
 *   warm-up. V8 reads the budget when it compiles a module, so other modules keep the default.
 */
function compileFlags() {
  const own = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  const flags = [];
  if (!own.includes('wasm-lazy-compilation')) flags.push(['--no-wasm-lazy-compilation', '--wasm-lazy-compilation']);
  const v8Major = Number.parseInt(process.versions.v8, 10);
  if (v8Major <= 11 && !own.includes('wasm-tiering-budget')) {
    flags.push(['--wasm-tiering-budget=13000000', '--wasm-tiering-budget=1800000']);
  }
  return flags;
}

/**
 * Compiles the module under compileFlags(), put back straight after, so nothing else in the process is
 * compiled under them. Where `v8.setFlagsFromString` is missing or refuses (another runtime), the module is
 * simply compiled with the defaults.
 */
function compile(bytes) {
  const restore = [];
  try {
    for (const [during, after] of compileFlags()) {
      try {
        v8.setFlagsFromString(during);
        restore.push(after);
      } catch {
        // Compile without this one.
      }
    }
    return new WebAssembly.Module(bytes);
  } finally {
    for (const after of restore) v8.setFlagsFromString(after);
  }
}

/** The compiled module, from the .wasm at `path` (a path or a file: URL). */
export function loadModule(path) {
  return compile(readFileSync(path));
}
