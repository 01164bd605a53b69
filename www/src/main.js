// The playground page: inputs (policy editors, request form, context rows), live evaluation in the
// worker, results, examples, sharing by link and local storage, embed mode and themes.

import { h, clear } from './dom.js';
import { normalizeState, buildScenario, editorFor, requestFieldAt } from './state.js';
import { encodeState, decodeState, saveLocal, loadLocal } from './share.js';
import { EXAMPLES, DEFAULT_EXAMPLE, exampleState } from './examples.js';
import { showDiagnostics, showDeciding, jumpTo, setText } from './editor.js';
import { createInputs } from './inputs.js';
import { renderResult } from './results.js';
import { Engine } from './engine.js';
import { ServiceData } from './service-data.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.documentElement.classList.add('embed');

let state = normalizeState({});
const views = new Map(); // editor key ("identity:0", "boundary", "scp:1:0", ...) -> EditorView
let failsOnly = false;
let howOpen = false; // embed mode: whether the folded trace is open
let lastResult = null;
let lastBuilt = null;
// Completion and hover ask the worker (never the wasm on this thread); `engine` is created below.
const serviceData = new ServiceData((query) => engine.lookup(query));
const inputs = createInputs({ getState: () => state, views, changed: (opts) => changed(opts), serviceData });
const addContextKey = (key) => inputs.addContextKey(key);

function renderInputs() {
  inputs.renderInputs();
  if (lastResult && lastBuilt) showResult(lastResult, lastBuilt);
}

// ---- keystroke -> decision latency (exposed for the browser tests) ----
const perf = { inputSeq: 0, renderedSeq: 0, samples: [], frameSamples: [], breakdown: [] };
let lastKeyTs = 0;
const inputTimes = new Map();
document.addEventListener('keydown', (e) => { lastKeyTs = e.timeStamp; }, true);
window.__iamsim = perf;
// Hooks for the browser tests (tests/www): read and replace an editor's whole text.
perf.editorText = (key) => views.get(key)?.state.doc.toString() ?? null;
perf.setEditorText = (key, text) => { const v = views.get(key); if (v) setText(v, text); return Boolean(v); };
perf.setCursor = (key, offset) => { const v = views.get(key); if (v) { v.dispatch({ selection: { anchor: offset } }); v.focus(); } return Boolean(v); };
perf.simulateTrap = () => {
  if (!engine.ready || engine.busy) return false;
  engine.explain(null, { built: buildScenario(state), seq: perf.inputSeq }, 'simulate-trap');
  return true;
};

// ---- state changes ----
function changed({ structural = false } = {}) {
  perf.inputSeq += 1;
  const now = performance.now();
  inputTimes.set(perf.inputSeq, now - lastKeyTs < 200 ? lastKeyTs : now);
  if (structural) renderInputs();
  scheduleEvaluate();
  schedulePersist();
}

// ---- evaluation: at most one in flight; edits made meanwhile coalesce into one follow-up ----
let wanted = false;
let evalQueued = false;
let lastNotice = '';
const engine = new Engine({
  onReady: (version) => {
    const name = version ? `iamsim ${version}` : 'the simulator';
    setStatus(engine.restarts ? `${lastNotice} ${name} is ready again.` : `${name} ready`, 'ok');
    $('engine-status').dataset.restarts = String(engine.restarts);
    scheduleEvaluate();
  },
  onResult: (result, meta, evalMs) => {
    const received = performance.now();
    lastResult = result;
    lastBuilt = meta.built;
    showResult(result, meta.built);
    perf.renderedSeq = meta.seq;
    const t0 = inputTimes.get(meta.seq);
    if (t0 !== undefined) {
      const done = performance.now();
      perf.samples.push(done - t0);
      // Where the time goes: until sent to the worker, the engine call itself, until back, rendering.
      perf.breakdown.push({ toSend: meta.sentAt - t0, engine: evalMs, roundTrip: received - meta.sentAt, render: done - received });
      // Until the frame that shows it: the next animation frame after the DOM update.
      requestAnimationFrame(() => perf.frameSamples.push(performance.now() - t0));
    }
    for (const k of inputTimes.keys()) if (k <= meta.seq) inputTimes.delete(k);
    $('output').dataset.renderedSeq = String(meta.seq);
    if (wanted) pump();
  },
  onNotice: (text, kind) => { lastNotice = text; setStatus(text, kind); },
});

// A microtask, not a timer: edits made in one task (a paste, a structural change) are merged, and the
// evaluation starts right after, without waiting for the browser's timer queue.
function scheduleEvaluate() {
  wanted = true;
  if (!evalQueued) {
    evalQueued = true;
    queueMicrotask(() => { evalQueued = false; pump(); });
  }
}

function pump() {
  if (!wanted || !engine.ready || engine.busy) return;
  wanted = false;
  const built = buildScenario(state);
  engine.explain(built.scenario, { built, seq: perf.inputSeq, sentAt: performance.now() });
}

function setStatus(text, kind) {
  const el = $('engine-status');
  el.textContent = text;
  el.dataset.kind = kind;
}

// ---- results ----
// Screen readers hear the decision when it changes, not on every keystroke.
function announce(result) {
  const text = result && result.ok ? `${result.decision}: ${result.reason}` : 'cannot evaluate: see the diagnostics';
  if ($('announce').textContent !== text) $('announce').textContent = text;
}

function showResult(result, built) {
  announce(result);
  renderResult($('output'), result, {
    built, editorFor, failsOnly, compact: embed, howOpen,
    setHowOpen: (open) => { howOpen = open; },
    jump: (key, range) => { const v = views.get(key); if (v) jumpTo(v, range); },
    addKey: addContextKey,
    setFailsOnly: (on) => { failsOnly = on; showResult(lastResult, lastBuilt); },
  });
  const diags = new Map();
  const deciding = new Map();
  for (const key of views.keys()) { diags.set(key, []); deciding.set(key, []); }
  for (const d of (result && result.diagnostics) || []) {
    const key = editorFor(built, d.source, null, undefined);
    if (key && diags.has(key)) diags.get(key).push(d);
  }
  if (result && result.ok) {
    for (const m of result.matchedStatements || []) {
      const key = editorFor(built, m.input, m.policyType, m.policyId);
      if (key && deciding.has(key) && m.range) deciding.get(key).push(m.range);
    }
  }
  markRequestFields(result, built);
  for (const [key, view] of views) {
    showDiagnostics(view, diags.get(key));
    showDeciding(view, deciding.get(key));
    view.dom.closest('.card')?.classList.toggle('deciding', deciding.get(key).length > 0);
  }
}

// Diagnostics about the request mark the input they are about (aria-invalid, message as its title).
const FIELD_INPUTS = { principal: 'principal', action: 'action', resource: 'resource', resourceAccount: 'resource-account' };
function markRequestFields(result, built) {
  for (const el of document.querySelectorAll('#request [aria-invalid], #context [aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('title');
  }
  for (const d of (result && result.diagnostics) || []) {
    if (!d.source || !d.source.startsWith('request')) continue;
    const at = requestFieldAt(built.scenario, d.range);
    if (!at) continue;
    let el = null;
    if (at.field === 'context') {
      const row = [...document.querySelectorAll('[data-testid="context-row"]')].find((r) => r.dataset.key === at.key);
      el = row ? row.querySelector('[data-testid="context-value"]') : null;
    } else if (FIELD_INPUTS[at.field]) {
      el = document.querySelector(`[data-testid="${FIELD_INPUTS[at.field]}"]`);
    }
    if (el) {
      el.setAttribute('aria-invalid', 'true');
      el.title = `${d.code}: ${d.message}`;
    }
  }
}

// ---- examples ----
function renderExamples() {
  const nav = clear($('examples'));
  nav.append(h('span', { class: 'muted' }, 'Examples:'),
    ...EXAMPLES.map((ex) => h('button', { type: 'button', class: 'example', testid: `example-${ex.id}`, 'data-expected': ex.expected,
      title: ex.blurb, onclick: () => loadExample(ex) }, ex.title)));
}

function loadExample(ex) {
  state = normalizeState(exampleState(ex));
  $('example-note').textContent = `${ex.title}: ${ex.blurb}`;
  for (const b of document.querySelectorAll('.example')) b.setAttribute('aria-pressed', String(b.dataset.testid === `example-${ex.id}`));
  changed({ structural: true });
}

// ---- sharing ----
let persistTimer = null;
function schedulePersist() {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(persist, 250);
}

let persistSeq = 0;
async function persist() {
  const seq = ++persistSeq;
  saveLocal(state);
  const hash = await encodeState(state);
  if (seq !== persistSeq) return; // a newer state is being written; compression is async
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  $('share-link').value = location.href;
  document.querySelector('[data-testid="open-full"]')?.setAttribute('href', `./${location.hash}`);
}

async function copyText(text, what) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const input = $('share-link');
    input.value = text;
    input.select();
    ok = document.execCommand('copy');
  }
  $('copy-feedback').textContent = ok ? `${what} copied.` : `Copy the ${what.toLowerCase()} from the box.`;
}

$('copy-link').addEventListener('click', async () => {
  $('copy-feedback').textContent = '';
  const hash = await encodeState(state);
  persist();
  const link = `${location.origin}${location.pathname}${hash}`;
  $('share-link').value = link;
  copyText(link, 'Link');
});
$('copy-embed').addEventListener('click', async () => {
  $('copy-feedback').textContent = '';
  const hash = await encodeState(state);
  persist();
  const src = `${location.origin}${location.pathname}?embed=1${hash}`;
  const snippet = `<iframe src="${src}" title="iamsim playground" loading="lazy" style="width:100%;height:600px;border:1px solid #8884;border-radius:6px"></iframe>`;
  $('share-link').value = snippet;
  copyText(snippet, 'Embed code');
});

window.addEventListener('hashchange', async () => {
  const s = await decodeState(location.hash);
  if (s) { state = s; $('example-note').textContent = ''; changed({ structural: true }); }
});

// ---- theme, keyboard ----
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  $('theme').setAttribute('aria-pressed', String(theme === 'dark'));
}
const storedTheme = (() => { try { return localStorage.getItem('iamsim.theme'); } catch { return null; } })();
applyTheme(params.get('theme') || storedTheme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
$('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  applyTheme(next);
  try { localStorage.setItem('iamsim.theme', next); } catch { /* not kept; fine */ }
});

$('evaluate').addEventListener('click', () => scheduleEvaluate());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); scheduleEvaluate(); }
});

if (embed) {
  const full = h('a', { href: `./${location.hash}`, target: '_blank', rel: 'noopener', testid: 'open-full' }, 'Open in the full playground');
  document.querySelector('.top-actions').append(full);
}

// ---- start ----
async function start() {
  if (!engine.ready) setStatus('Starting the simulator…', 'busy');
  renderExamples();
  const fromHash = await decodeState(location.hash);
  if (fromHash) {
    state = fromHash;
    changed({ structural: true });
  } else {
    const local = loadLocal();
    if (local) { state = local; changed({ structural: true }); } else loadExample(DEFAULT_EXAMPLE);
    if (location.hash.length > 1) $('example-note').textContent = 'The state in this link could not be read (damaged, or made by another version of the playground).';
  }
}
start();
