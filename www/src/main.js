// The playground page: inputs (policy editors, request form, context rows), live evaluation in the
// worker, results, examples, sharing by link and local storage, embed mode and themes.

import { h, clear } from './dom.js';
import { normalizeState, buildScenario, editorFor, requestFieldAt, PRINCIPAL_KINDS, RESOURCE_POLICY_TYPES } from './state.js';
import { encodeState, decodeState, saveLocal, loadLocal } from './share.js';
import { EXAMPLES, DEFAULT_EXAMPLE, exampleState } from './examples.js';
import { createEditor, showDiagnostics, showDeciding, jumpTo, setText } from './editor.js';
import { renderResult } from './results.js';
import { Engine } from './engine.js';
import { COMMON_KEYS, suggestedRow } from './context-keys.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
if (embed) document.documentElement.classList.add('embed');

const NEW_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '', Resource: '*' }] }, null, 2);

let state = normalizeState({});
const views = new Map(); // editor key ("identity:0", "boundary", "scp:1:0", ...) -> EditorView
let failsOnly = false;
let howOpen = false; // embed mode: whether the folded trace is open
let lastResult = null;
let lastBuilt = null;

// ---- keystroke -> decision latency (exposed for the browser tests) ----
const perf = { inputSeq: 0, renderedSeq: 0, samples: [], frameSamples: [], breakdown: [] };
let lastKeyTs = 0;
const inputTimes = new Map();
document.addEventListener('keydown', (e) => { lastKeyTs = e.timeStamp; }, true);
window.__iamsim = perf;
// Hooks for the browser tests (tests/www): read and replace an editor's whole text.
perf.editorText = (key) => views.get(key)?.state.doc.toString() ?? null;
perf.setEditorText = (key, text) => { const v = views.get(key); if (v) setText(v, text); return Boolean(v); };
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
function showResult(result, built) {
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

// ---- inputs ----
function toggle(label, checked, testid, onchange) {
  return h('label', { class: 'toggle' }, h('input', { type: 'checkbox', checked, testid, onchange: (e) => onchange(e.target.checked) }), ` ${label}`);
}

function editorCard({ key, title, policy, nameEditable, removable, onRemove, placeholder, extra }) {
  const body = h('div', { class: 'editor', testid: `editor-${key.replace(/:/g, '-')}` });
  const head = h('div', { class: 'card-head' },
    nameEditable
      ? h('input', { class: 'name', value: policy.name, 'aria-label': `${title} name`, testid: `name-${key.replace(/:/g, '-')}`,
        oninput: (e) => { policy.name = e.target.value; changed(); } })
      : h('span', { class: 'card-title' }, title),
    extra || null,
    toggle('on', policy.on, `on-${key.replace(/:/g, '-')}`, (on) => { policy.on = on; card.classList.toggle('off', !on); changed(); }),
    removable ? h('button', { type: 'button', class: 'small', testid: `remove-${key.replace(/:/g, '-')}`, 'aria-label': `Remove ${policy.name || title}`, onclick: onRemove }, 'Remove') : null);
  const card = h('div', { class: `card${policy.on ? '' : ' off'}`, 'data-key': key }, head, body);
  const view = createEditor(body, policy.text, (text) => { policy.text = text; changed(); }, `${title} ${policy.name || ''} (JSON)`.trim(),
    placeholder || 'Paste a policy (JSON). Empty: left out.');
  views.set(key, view);
  return card;
}

function slot(title, hint, testid, open, ...children) {
  return h('details', { class: 'slot', testid, open: open || undefined },
    h('summary', null, h('span', { class: 'slot-title' }, title), hint ? h('span', { class: 'muted' }, ` — ${hint}`) : null),
    ...children);
}

function levelName(i, n) {
  if (i === 0) return 'Level 0 — organization root';
  if (i === n - 1) return `Level ${i} — account`;
  return `Level ${i} — OU`;
}

function chainSlot(kind, title, hint) {
  const chain = state[kind];
  const levels = chain.levels.map((lvl, li) => h('div', { class: 'level', testid: `${kind}-level-${li}` },
    h('div', { class: 'level-head' },
      h('span', null, levelName(li, chain.levels.length)),
      h('button', { type: 'button', class: 'small', testid: `add-${kind}-${li}`, onclick: () => {
        lvl.push({ name: `${kind.toUpperCase()}${lvl.length + 1}`, text: NEW_POLICY, on: true }); changed({ structural: true });
      } }, `+ ${kind.toUpperCase()} at this level`),
      h('button', { type: 'button', class: 'small', testid: `remove-${kind}-level-${li}`, onclick: () => {
        chain.levels.splice(li, 1); changed({ structural: true });
      } }, 'Remove level')),
    lvl.map((p, pi) => editorCard({ key: `${kind}:${li}:${pi}`, title: `${kind.toUpperCase()} (${levelName(li, chain.levels.length)})`, policy: p,
      nameEditable: true, removable: true, onRemove: () => { lvl.splice(pi, 1); changed({ structural: true }); } }))));
  const used = chain.levels.length > 0;
  return slot(title, hint, `slot-${kind}`, used,
    h('div', { class: 'slot-tools' },
      toggle(`use ${kind.toUpperCase()}s`, chain.on, `on-${kind}`, (on) => { chain.on = on; changed(); }),
      h('button', { type: 'button', class: 'small', testid: `add-${kind}-level`, onclick: () => {
        const full = kind === 'scp'
          ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
          : { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
        chain.levels.push([{ name: kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess', text: JSON.stringify(full, null, 2), on: true }]);
        changed({ structural: true });
      } }, '+ level')),
    levels);
}

function renderInputs() {
  for (const v of views.values()) v.destroy();
  views.clear();
  const root = clear($('policies'));
  root.append(
    slot('Identity-based policies', 'the user\'s or role\'s policies, groups included', 'slot-identity', true,
      state.identity.map((p, i) => editorCard({ key: `identity:${i}`, title: 'Identity policy', policy: p, nameEditable: true, removable: true,
        onRemove: () => { state.identity.splice(i, 1); changed({ structural: true }); } })),
      h('button', { type: 'button', class: 'small', testid: 'add-identity', onclick: () => {
        state.identity.push({ name: `Policy${state.identity.length + 1}`, text: NEW_POLICY, on: true }); changed({ structural: true });
      } }, '+ identity policy')),
    slot('Permissions boundary', 'caps what identity policies can grant', 'slot-boundary', state.boundary.text !== '',
      editorCard({ key: 'boundary', title: 'Permissions boundary', policy: state.boundary, placeholder: 'Paste the permissions boundary (JSON). Empty: no boundary.' })),
    slot('Session policy', 'passed when the role was assumed', 'slot-session', state.session.text !== '',
      editorCard({ key: 'session', title: 'Session policy', policy: state.session, placeholder: 'Paste the session policy (JSON). Empty: none was passed.' })),
    slot('Resource-based policy', 'bucket, key, queue or role trust policy', 'slot-resource', state.resource.text !== '',
      editorCard({ key: 'resource', title: 'Resource policy', policy: state.resource,
        placeholder: 'Paste the bucket, key, queue or trust policy (JSON). Empty: none.',
        extra: h('select', { 'aria-label': 'Resource policy type', testid: 'resource-type', onchange: (e) => { state.resource.type = e.target.value; changed(); } },
          RESOURCE_POLICY_TYPES.map(([v, label]) => h('option', { value: v, selected: state.resource.type === v }, label))) })),
    chainSlot('scp', 'Service control policies', 'the principal\'s account chain, root first'),
    chainSlot('rcp', 'Resource control policies', 'the resource\'s account chain, root first'),
  );
  renderRequest();
  renderContext();
  if (lastResult && lastBuilt) showResult(lastResult, lastBuilt);
}

function field(label, testid, value, oninput, attrs = {}, span = 3) {
  const id = `f-${testid}`;
  return h('div', { class: `field span${span}` },
    h('label', { for: id }, label),
    h('input', { id, testid, value, spellcheck: 'false', autocomplete: 'off', oninput: (e) => oninput(e.target.value), ...attrs }));
}

function renderRequest() {
  const r = state.request;
  const tags = h('div', { class: 'rows', testid: 'principal-tags' },
    r.tags.map((t, i) => h('div', { class: 'row' },
      h('input', { value: t[0], 'aria-label': `Tag ${i + 1} key`, testid: 'tag-key', placeholder: 'key', oninput: (e) => { t[0] = e.target.value; changed(); } }),
      h('input', { value: t[1], 'aria-label': `Tag ${i + 1} value`, testid: 'tag-value', placeholder: 'value', oninput: (e) => { t[1] = e.target.value; changed(); } }),
      h('button', { type: 'button', class: 'small', 'aria-label': `Remove tag ${t[0]}`, onclick: () => { r.tags.splice(i, 1); changed(); renderRequest(); } }, '×'))),
    h('button', { type: 'button', class: 'small', testid: 'add-tag', onclick: () => { r.tags.push(['', '']); changed(); renderRequest(); } }, '+ principal tag'));
  clear($('request')).append(
    h('h2', null, 'Request'),
    h('div', { class: 'grid' },
      field('Principal (ARN, service or "anonymous")', 'principal', r.principal, (v) => { r.principal = v; changed(); }, {}, 6),
      h('div', { class: 'field span2' },
        h('label', { for: 'f-principal-kind' }, 'Kind'),
        h('select', { id: 'f-principal-kind', testid: 'principal-kind', onchange: (e) => { r.kind = e.target.value; changed(); } },
          PRINCIPAL_KINDS.map(([v, label]) => h('option', { value: v, selected: r.kind === v }, label)))),
      field('Principal account', 'principal-account', r.account, (v) => { r.account = v; changed(); }, { placeholder: 'from the ARN' }, 2),
      field('Role ARN (role sessions)', 'role-arn', r.roleArn, (v) => { r.roleArn = v; changed(); }, { placeholder: 'arn:aws:iam::…:role/name' }, 2),
      field('Action', 'action', r.action, (v) => { r.action = v; changed(); }, { placeholder: 's3:GetObject' }, 3),
      field('Resource account', 'resource-account', r.resourceAccount, (v) => { r.resourceAccount = v; changed(); }, { placeholder: 'from the ARN, else the principal\'s' }, 3),
      field('Resource', 'resource', r.resource, (v) => { r.resource = v; changed(); }, { placeholder: '* (default)' }, 6)),
    h('div', { class: 'tags' }, h('h3', null, 'Principal tags'), tags));
}

function renderContext(focusRow) {
  const list = h('datalist', { id: 'common-keys' }, COMMON_KEYS.map(([k]) => h('option', { value: k })));
  const rows = state.context.map((row, i) => {
    const value = h('input', { value: row.value, 'aria-label': `Value of ${row.key || `row ${i + 1}`}`, testid: 'context-value', spellcheck: 'false',
      placeholder: row.list ? 'a, b, c' : 'value', oninput: (e) => { row.value = e.target.value; changed(); } });
    if (focusRow === i) queueMicrotask(() => value.focus());
    return h('div', { class: 'row', testid: 'context-row', 'data-key': row.key },
      h('input', { value: row.key, list: 'common-keys', 'aria-label': `Context key ${i + 1}`, testid: 'context-key', spellcheck: 'false', placeholder: 'aws:SourceIp',
        oninput: (e) => { row.key = e.target.value; e.target.closest('.row').dataset.key = row.key; changed(); } }),
      value,
      h('label', { class: 'toggle', title: 'A list of values, comma-separated' },
        h('input', { type: 'checkbox', checked: row.list, testid: 'context-list', onchange: (e) => { row.list = e.target.checked; changed(); } }), ' list'),
      h('button', { type: 'button', class: 'small', 'aria-label': `Remove ${row.key || 'row'}`, testid: 'context-remove',
        onclick: () => { state.context.splice(i, 1); changed(); renderContext(); } }, '×'));
  });
  const common = h('select', { 'aria-label': 'Add a common context key', testid: 'add-common-key', onchange: (e) => {
    if (e.target.value) addContextKey(e.target.value);
  } }, h('option', { value: '' }, 'Add a common key…'), COMMON_KEYS.map(([k]) => h('option', { value: k }, k)));
  clear($('context')).append(
    h('h2', null, 'Request context'),
    state.context.length ? null : h('p', { class: 'muted' }, 'No keys given. Keys iamsim derives from the principal (aws:PrincipalArn, aws:username, tags…) are added by the simulator; conditions see every other key as absent.'),
    list,
    h('div', { class: 'rows' }, rows),
    h('div', { class: 'row-tools' },
      h('button', { type: 'button', class: 'small', testid: 'add-context', onclick: () => {
        state.context.push({ key: '', value: '', list: false }); changed(); renderContext(state.context.length - 1);
      } }, '+ key'),
      common));
}

function addContextKey(key) {
  const existing = state.context.findIndex((r) => r.key === key);
  if (existing >= 0) { renderContext(existing); return; }
  state.context.push(suggestedRow(key));
  changed();
  renderContext(state.context.length - 1);
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
