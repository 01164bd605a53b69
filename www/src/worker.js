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

self.onmessage = async (ev) => {
  const msg = ev.data;
  if (!msg || msg.type !== 'explain') return;
  if (!(await ready)) return;
  const t0 = performance.now();
  try {
    const result = explain(msg.scenario);
    postMessage({ type: 'result', id: msg.id, result, ms: performance.now() - t0 });
  } catch (e) {
    const trap = e instanceof WebAssembly.RuntimeError;
    postMessage({ type: trap ? 'trap' : 'error', id: msg.id, message: String((e && e.message) || e) });
  }
};
