// The simulator's home: a Web Worker that loads the iamsim package's manual-init web entry (the
// wasm-pack `--target web` glue plus the package's thin API) and answers explain requests. Running here
// keeps a slow or crashing evaluation away from the page; a trap (a WebAssembly.RuntimeError, which
// poisons the instance) is reported so the page can throw this worker away and start a fresh one.

import { init, explain, version, expandAction, describeAction, servicePrefixes, conditionKeys } from 'iamsim-web';

const ready = (async () => {
  try {
    await init(new URL('./iamsim_bg.wasm', import.meta.url));
    postMessage({ type: 'ready', version: version() });
    return true;
  } catch (e) {
    postMessage({ type: 'init-error', message: String((e && e.message) || e) });
    return false;
  }
})();

// 'simulate-trap' lets the browser tests exercise the restart path: it fails exactly as a wasm trap does.
const calls = {
  explain: (msg) => explain(msg.scenario),
  'simulate-trap': () => { throw new WebAssembly.RuntimeError('unreachable (simulated by a test)'); },
};

// Questions about the service data, for completion and hover (www/src/service-data.js). An expansion
// with a `limit` sends only its first names and the count, so hovering `*` does not ship every action.
const lookups = {
  servicePrefixes: () => servicePrefixes(),
  conditionKeys: () => conditionKeys(),
  expandAction: ({ arg, limit }) => {
    const actions = expandAction(String(arg));
    return limit === undefined ? actions : { count: actions.length, actions: actions.slice(0, limit) };
  },
  describeAction: ({ arg }) => ({ info: describeAction(String(arg)) }),
};

async function lookup(msg) {
  const q = msg.query || {};
  const fn = Object.hasOwn(lookups, q.fn) ? lookups[q.fn] : null;
  if (!fn || !(await ready)) { postMessage({ type: 'lookup-result', id: msg.id, value: null }); return; }
  try {
    postMessage({ type: 'lookup-result', id: msg.id, value: fn(q) });
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    postMessage({ type: trap ? 'lookup-trap' : 'lookup-result', id: msg.id, value: null, message: String((e && e.message) || e) });
  }
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  if (msg && msg.type === 'lookup') { lookup(msg); return; }
  const call = msg && Object.hasOwn(calls, msg.type) ? calls[msg.type] : null;
  if (!call) return;
  if (!(await ready)) return;
  const t0 = performance.now();
  try {
    const result = call(msg);
    postMessage({ type: 'result', id: msg.id, result, ms: performance.now() - t0 });
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    postMessage({ type: trap ? 'trap' : 'error', id: msg.id, message: String((e && e.message) || e) });
  }
};
