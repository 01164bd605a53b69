// The page's side of the worker: sends a Scenario, gets the Explanation back. If the wasm traps, the
// worker dies or an evaluation hangs, the worker is thrown away and a fresh one started, and the page is
// told so (onNotice) — a trap is a bug in iamsim, not in the user's input.

const WATCHDOG_MS = 10000;

export class Engine {
  constructor({ onReady, onResult, onNotice }) {
    this.onReady = onReady;
    this.onResult = onResult;
    this.onNotice = onNotice;
    this.nextId = 1;
    this.pending = null; // { id, resolve }
    this.lookups = new Map(); // id -> resolve, for service-data questions (answered in order, beside explains)
    this.restarts = 0;
    this.start();
  }

  start() {
    this.ready = false;
    this.worker = new Worker('worker.js', { type: 'module' });
    this.worker.onmessage = (ev) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.restart(`The simulator's worker failed (${ev.message || 'unknown error'}); it was restarted.`);
    };
  }

  restart(notice) {
    clearTimeout(this.watchdog);
    this.worker.terminate();
    const p = this.pending;
    this.pending = null;
    for (const resolve of this.lookups.values()) resolve(null);
    this.lookups.clear();
    this.restarts += 1;
    this.onNotice(notice, 'error');
    if (p) p.resolve({ ok: false, diagnostics: [{ severity: 'error', code: 'ENGINE_RESTARTED', message: notice }] }, p);
    this.start();
  }

  receive(msg) {
    if (msg.type === 'ready') {
      this.ready = true;
      this.version = msg.version;
      this.onReady(msg.version);
      return;
    }
    if (msg.type === 'init-error') {
      this.onNotice(`The simulator could not start: ${msg.message}`, 'error');
      return;
    }
    if (msg.type === 'lookup-result' || msg.type === 'lookup-trap') {
      const resolve = this.lookups.get(msg.id);
      this.lookups.delete(msg.id);
      if (resolve) resolve(msg.value ?? null);
      if (msg.type === 'lookup-trap') this.restart(`The simulator crashed (${msg.message}) — this is a bug in iamsim; the worker was restarted.`);
      return;
    }
    const p = this.pending;
    if (!p || p.id !== msg.id) return;
    clearTimeout(this.watchdog);
    this.pending = null;
    if (msg.type === 'result') p.resolve(msg.result, p, msg.ms);
    else if (msg.type === 'trap') this.restart(`The simulator crashed (${msg.message}) — this is a bug in iamsim; the worker was restarted.`);
    else p.resolve({ ok: false, diagnostics: [{ severity: 'error', code: 'ENGINE_ERROR', message: msg.message }] }, p);
  }

  get busy() {
    return this.pending !== null;
  }

  /**
   * Asks the worker a question about the service data (`{ fn, arg, limit }`, see worker.js); resolves to
   * the answer, or null if the worker restarted first. Works before the worker is ready: it waits.
   */
  lookup(query) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.lookups.set(id, resolve);
      this.worker.postMessage({ type: 'lookup', id, query });
    });
  }

  /** Evaluates `scenario` (a Scenario object); `meta` rides along to onResult. Call only when !busy && ready. */
  explain(scenario, meta, type = 'explain') {
    const id = this.nextId++;
    this.pending = { id, meta, resolve: (result, p, ms) => this.onResult(result, p.meta, ms) };
    this.watchdog = setTimeout(() => this.restart('The simulator took too long (over 10 s) and was restarted.'), WATCHDOG_MS);
    this.worker.postMessage({ type, id, scenario });
  }
}
