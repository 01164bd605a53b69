// The package's JavaScript surface, shared by every entry point (Node CJS/ESM, browser, manual init).
//
// It owns the conversions and nothing more: objects become JSON text with JSON.stringify, and the core
// (wasm) answers a simulation with a frame in its memory that frame.js reads into plain objects, an
// explanation with JSON text that JSON.parse reads. One parser, in Rust, sees every input, so JavaScript
// callers get the same diagnostics and positions as the CLI. Only an argument that is not an object throws
// (TypeError); every mistake inside an object comes back as { ok: false, diagnostics }.

import { createFrameReader } from './frame.js';

/** Describes a value for a TypeError message without printing user data. */
function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function requireObject(value, what) {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`iamsim: ${what} must be an object, got ${kindOf(value)}`);
  }
}

/**
 * The object as JSON text; or, when JSON.stringify refuses it (a cycle, a BigInt) or gives no text at all
 * (a toJSON() that returns undefined), a failure result. Such an object is a user mistake, so it is
 * answered like any other: ok: false with a diagnostic. (Text or result, not a wrapper object: this runs
 * on every call of the throughput path.)
 */
function toJson(value, what) {
  let text;
  let reason = 'JSON.stringify gave no text';
  try {
    text = JSON.stringify(value);
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (typeof text === 'string') return text;
  return {
    ok: false,
    diagnostics: [{
      severity: 'error',
      code: 'INPUT_NOT_JSON',
      message: `the ${what} cannot be written as JSON: ${reason}`,
      source: what,
    }],
  };
}

/**
 * Builds the public functions over the wasm-bindgen glue. `ready()` runs before each call into wasm;
 * the manual-init entry uses it to say clearly that init() has not run yet.
 */
export function createApi(glue, ready = () => {}) {
  const readFrame = createFrameReader(glue);
  const explained = (text) => JSON.parse(text);

  /** `call` (into wasm) on the object as JSON text; `read` turns its answer into the result object. */
  function run(value, what, call, read) {
    requireObject(value, what);
    const json = toJson(value, what);
    if (typeof json !== 'string') return json;
    ready();
    return read(call(json));
  }

  function simulate(scenario) {
    return run(scenario, 'scenario', glue.simulateFrame, readFrame);
  }

  function explain(scenario) {
    return run(scenario, 'scenario', glue.explainJson, explained);
  }

  function simulateMany(scenarios) {
    if (!Array.isArray(scenarios)) {
      throw new TypeError(`iamsim: simulateMany expects an array of scenarios, got ${kindOf(scenarios)}`);
    }
    const results = new Array(scenarios.length);
    for (let i = 0; i < scenarios.length; i++) {
      results[i] = run(scenarios[i], `scenario [${i}]`, glue.simulateFrame, readFrame);
    }
    return results;
  }

  function failedCompile(failure) {
    const answer = (request) => {
      requireObject(request, 'request');
      return failure;
    };
    return { ok: false, diagnostics: failure.diagnostics, simulate: answer, explain: answer, free() {} };
  }

  function compile(policies, options) {
    requireObject(policies, 'policies');
    if (options !== undefined && options !== null) requireObject(options, 'options');
    const policiesJson = toJson(policies, 'policies');
    if (typeof policiesJson !== 'string') return failedCompile(policiesJson);
    let optionsJson;
    if (options !== undefined && options !== null) {
      optionsJson = toJson(options, 'options');
      if (typeof optionsJson !== 'string') return failedCompile(optionsJson);
    }
    ready();
    let inner = new glue.Compiled(policiesJson, optionsJson);
    const failureText = inner.failure();
    if (failureText !== undefined) {
      inner.free();
      return failedCompile(JSON.parse(failureText));
    }
    const live = () => {
      if (inner === undefined) throw new Error('iamsim: these compiled policies were freed');
      return inner;
    };
    return {
      ok: true,
      diagnostics: JSON.parse(inner.diagnosticsJson()),
      simulate(request) {
        requireObject(request, 'request');
        const json = toJson(request, 'request');
        return typeof json === 'string' ? readFrame(live().simulateFrame(json)) : json;
      },
      explain(request) {
        requireObject(request, 'request');
        const json = toJson(request, 'request');
        return typeof json === 'string' ? JSON.parse(live().explainJson(json)) : json;
      },
      free() {
        // Idempotent: a second free() must not hand wasm-bindgen a dead pointer.
        if (inner !== undefined) {
          inner.free();
          inner = undefined;
        }
      },
    };
  }

  function version() {
    ready();
    return glue.version();
  }

  function requireString(value, what) {
    if (typeof value !== 'string') throw new TypeError(`iamsim: ${what} must be a string, got ${kindOf(value)}`);
  }

  function expandAction(pattern) {
    requireString(pattern, 'the action pattern');
    ready();
    return glue.expandAction(pattern);
  }

  function describeAction(action) {
    requireString(action, 'the action');
    ready();
    return JSON.parse(glue.describeActionJson(action));
  }

  function dataVersion() {
    ready();
    return glue.dataVersion();
  }

  function servicePrefixes() {
    ready();
    return JSON.parse(glue.servicePrefixesJson());
  }

  function conditionKeys() {
    ready();
    return JSON.parse(glue.conditionKeysJson());
  }

  return {
    simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
  };
}
