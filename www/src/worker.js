// The simulator's home: a Web Worker that loads the iamsim package's manual-init web entry (the
// wasm-pack `--target web` glue plus the package's thin API) and answers explain requests. Running here
// keeps a slow or crashing evaluation away from the page; a trap (a WebAssembly.RuntimeError, which
// poisons the instance) is reported so the page can throw this worker away and start a fresh one.

import { init, explain, version } from 'iamsim-web';

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

self.onmessage = async (ev) => {
  const msg = ev.data;
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
