// Renders an Explanation: decision banner and reason, deciding statements (click to jump), missing
// context keys (each with an add button), diagnostics, AWS's evaluation order with this request's path
// lit, and the trace as a tree. Everything from the engine or the user is inserted as text (see dom.js).

import { h } from './dom.js';

export const DECISION_LABELS = {
  allowed: 'Allowed',
  explicitDeny: 'Explicitly denied',
  implicitDeny: 'Implicitly denied',
};

const TYPE_LABELS = {
  rcp: 'Resource control policy',
  scp: 'Service control policy',
  resource: 'Resource-based policy',
  identity: 'Identity-based policy',
  permissionsBoundary: 'Permissions boundary',
  session: 'Session policy',
};

const TYPE_ORDER = ['rcp', 'scp', 'resource', 'identity', 'permissionsBoundary', 'session'];

// AWS's documented order (spec/evaluation.md §2.1); the picture always shows these seven.
export const PHASES = [
  ['deny', 'Explicit deny', 'Any applicable Deny in any policy ends evaluation'],
  ['rcp', 'RCPs', 'Resource control policies of the resource\'s account, every level'],
  ['scp', 'SCPs', 'Service control policies of the principal\'s account, every level'],
  ['resource', 'Resource-based', 'Bucket, key, queue or trust policy'],
  ['identity', 'Identity-based', 'Policies of the user or role (and its groups)'],
  ['boundary', 'Boundary', 'Permissions boundary, if set'],
  ['session', 'Session', 'Session policy, if passed'],
];
const EXTRA_PHASES = { crossAccount: 'Cross-account', decision: 'Decision' };

const mark = (ok) => h('span', { class: ok ? 'mk ok' : 'mk bad', 'aria-label': ok ? 'matches' : 'does not match' }, ok ? '✓' : '✗');

function policyLabel(type, id, level) {
  const lvl = level === undefined ? '' : ` (level ${level})`;
  return `${TYPE_LABELS[type] || type} ${id}${lvl}`;
}

function rangeText(r) {
  return r && r.start ? `line ${r.start.line}:${r.start.column}` : '';
}

/**
 * Renders into `out`. ctx: { built, editorFor(built, input, type, id) -> key|null, jump(key, range),
 * addKey(key), failsOnly, setFailsOnly(bool), collapsed:Set }.
 */
export function renderResult(out, result, ctx) {
  const parts = [];
  if (!result || typeof result !== 'object') result = { ok: false, diagnostics: [] };
  const diagnostics = Array.isArray(result.diagnostics) ? result.diagnostics : [];

  if (result.ok) {
    const decision = result.decision;
    parts.push(h('div', { class: `banner d-${decision}`, testid: 'decision-banner', 'data-decision': decision },
      h('div', { class: 'banner-head' },
        h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, decision === 'allowed' ? '✓' : '✗'),
        h('strong', { testid: 'decision', 'data-decision': decision }, decision),
        h('span', { class: 'banner-label' }, DECISION_LABELS[decision] || '')),
      h('p', { testid: 'reason', class: 'reason' }, result.reason || ''),
      result.reasonCode ? h('code', { class: 'reason-code', testid: 'reason-code' }, result.reasonCode) : null));
  } else {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const notReady = diagnostics.some((d) => d.code === 'NOT_READY');
    parts.push(h('div', { class: 'banner d-error', testid: 'decision-banner', 'data-decision': 'error' },
      h('div', { class: 'banner-head' },
        h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'),
        h('strong', { testid: 'decision', 'data-decision': 'error' }, notReady ? 'not ready' : 'cannot evaluate')),
      h('p', { testid: 'reason', class: 'reason' },
        notReady ? 'The evaluator is not built into this version of iamsim yet.'
          : `Fix ${errors === 1 ? 'the error' : `the ${errors} errors`} below to get a decision.`)));
  }

  if (result.ok && Array.isArray(result.matchedStatements) && result.matchedStatements.length) {
    parts.push(h('section', { class: 'box', testid: 'matched-statements' },
      h('h2', null, result.decision === 'allowed' ? 'Allowed by' : 'Denied by'),
      h('ul', { class: 'plain' }, result.matchedStatements.map((m) => {
        const key = ctx.editorFor(ctx.built, m.input, m.policyType, m.policyId);
        const sid = m.sid !== undefined ? m.sid : `#${m.statementIndex}`;
        return h('li', null, h('button', {
          type: 'button', class: `linkish eff-${m.effect}`, testid: 'matched-statement', 'data-editor': key || '',
          disabled: !key, onclick: () => key && ctx.jump(key, m.range),
        }, `${m.effect} — ${policyLabel(m.policyType, m.policyId, m.level)}, statement ${sid}`, h('span', { class: 'muted' }, ` ${rangeText(m.range)}`)));
      }))));
  }

  if (result.ok && Array.isArray(result.missingContextKeys) && result.missingContextKeys.length) {
    parts.push(h('section', { class: 'box warn', testid: 'missing-keys' },
      h('h2', null, 'Missing context keys'),
      h('p', { class: 'muted' }, 'The policies test these keys, but the request does not carry them. Conditions treat them as absent.'),
      h('ul', { class: 'plain' }, result.missingContextKeys.map((k) => h('li', null,
        h('code', null, k), ' ',
        h('button', { type: 'button', testid: 'add-missing-key', 'data-key': k, onclick: () => ctx.addKey(k) }, 'Add to context'))))));
  }

  if (diagnostics.length) {
    parts.push(h('section', { class: 'box', testid: 'diagnostics' },
      h('h2', null, `Diagnostics (${diagnostics.length})`),
      h('ul', { class: 'plain diags' }, diagnostics.map((d) => {
        const key = ctx.editorFor(ctx.built, d.source, null, undefined);
        const where = [d.source, rangeText(d.range)].filter(Boolean).join(' ');
        return h('li', { class: `diag sev-${d.severity}`, testid: 'diagnostic', 'data-code': d.code },
          h('span', { class: 'sev' }, d.severity), ' ', h('code', null, d.code), ' ', h('span', null, d.message), ' ',
          key ? h('button', { type: 'button', class: 'linkish', testid: 'diagnostic-jump', onclick: () => ctx.jump(key, d.range) }, where || 'show')
            : h('span', { class: 'muted' }, where));
      }))));
  }

  const how = [];
  if (result.ok && result.trace) {
    how.push(renderOrder(result.trace.steps || []));
    how.push(renderTrace(result.trace, ctx));
    if (typeof result.text === 'string' && result.text) {
      how.push(h('details', { class: 'box', testid: 'trace-text-box' },
        h('summary', null, 'Plain-text explanation'),
        h('pre', { class: 'trace-text', testid: 'trace-text' }, result.text)));
    }
  } else if (!result.ok) {
    how.push(renderOrder([]));
  }
  // Compact (embed) mode folds the path and the trace away; the decision stays in view.
  if (ctx.compact) {
    parts.push(h('details', { class: 'how', testid: 'how', open: ctx.howOpen || undefined,
      ontoggle: (e) => ctx.setHowOpen(e.target.open) }, h('summary', null, 'Evaluation order and trace'), how));
  } else {
    parts.push(...how);
  }

  out.replaceChildren(...parts);
}

function renderOrder(steps) {
  const byPhase = new Map();
  for (const s of steps) if (s && s.phase && !byPhase.has(s.phase)) byPhase.set(s.phase, s);
  const box = (phase, label, title) => {
    const s = byPhase.get(phase);
    const outcome = s ? s.outcome : 'notEvaluated';
    return h('li', {
      class: `phase o-${outcome}${s && s.onPath ? ' on-path' : ''}`, testid: `phase-${phase}`,
      'data-outcome': outcome, 'data-on-path': s && s.onPath ? 'true' : 'false', title,
    },
    h('span', { class: 'phase-name' }, label),
    h('span', { class: 'phase-outcome' }, s ? outcome : '—'),
    s && s.summary ? h('span', { class: 'phase-summary' }, s.summary) : null);
  };
  const items = PHASES.map(([p, label, title]) => box(p, label, title));
  for (const [p, label] of Object.entries(EXTRA_PHASES)) if (byPhase.has(p)) items.push(box(p, label, label));
  return h('section', { class: 'box', testid: 'eval-order', 'aria-label': 'AWS evaluation order, this request\'s path lit' },
    h('h2', null, 'Evaluation order'),
    h('ol', { class: 'order' }, items));
}

function renderTrace(trace, ctx) {
  const failsOnly = ctx.failsOnly;
  const toggle = h('label', { class: 'toggle' },
    h('input', { type: 'checkbox', testid: 'fails-only', checked: failsOnly, onchange: (e) => ctx.setFailsOnly(e.target.checked) }),
    ' Fails only');
  const req = trace.request || {};
  const reqLine = h('p', { class: 'muted', testid: 'trace-request' },
    `${req.principalKind || ''} ${req.principal || ''} → ${req.action || ''} on ${req.resource || ''}`,
    req.resourceAccount ? ` (resource account ${req.resourceAccount}, ${req.sameAccount ? 'same account' : 'cross-account'})` : '',
    req.accessLevel ? ` · access level ${req.accessLevel}` : '');

  const policies = Array.isArray(trace.policies) ? trace.policies : [];
  const groups = TYPE_ORDER.map((type) => [type, policies.filter((p) => p.policyType === type)]).filter(([, ps]) => ps.length);
  const tree = h('ul', { class: `tree${failsOnly ? ' fails-only' : ''}`, testid: 'trace-tree' },
    groups.map(([type, ps]) => h('li', null,
      h('span', { class: 'node-type' }, `${TYPE_LABELS[type] || type} (${ps.length})`),
      h('ul', null, ps.map((p) => renderPolicy(p, ctx))))));

  const context = Array.isArray(trace.context) ? trace.context : [];
  const conventions = Array.isArray(trace.conventions) ? trace.conventions : [];
  return h('section', { class: 'box', testid: 'trace' },
    h('div', { class: 'box-head' }, h('h2', null, 'Trace'), toggle),
    reqLine,
    tree,
    context.length ? h('details', { class: 'ctx-used' }, h('summary', null, `Request context (${context.length} keys)`),
      h('table', { class: 'ctx-table', testid: 'trace-context' },
        h('tbody', null, context.map((c) => h('tr', null,
          h('td', null, h('code', null, c.key)),
          h('td', null, Array.isArray(c.value) ? `[${c.value.join(', ')}]` : String(c.value)),
          h('td', { class: 'muted' }, c.derived ? 'derived' : 'given')))))) : null,
    conventions.length ? h('div', { class: 'conventions', testid: 'conventions' }, h('h3', null, 'Conventions that decided this'),
      h('ul', null, conventions.map((c) => h('li', null, c)))) : null);
}

function renderPolicy(p, ctx) {
  const key = ctx.editorFor(ctx.built, p.input, p.policyType, p.policyId);
  const statements = Array.isArray(p.statements) ? p.statements : [];
  const anyApplies = statements.some((s) => s.applies);
  const head = h('span', { class: 'node-policy' },
    `${p.policyId}${p.level !== undefined ? ` (level ${p.level})` : ''}${p.group ? ` via group ${p.group}` : ''}`,
    p.evaluated === false ? h('span', { class: 'muted' }, ' — not evaluated') : null,
    p.note ? h('span', { class: 'muted' }, ` — ${p.note}`) : null);
  return h('li', { class: anyApplies ? 'ok' : '', testid: 'trace-policy', 'data-editor': key || '' },
    head,
    h('ul', null, statements.map((s) => renderStatement(s, key, ctx))));
}

function renderStatement(s, key, ctx) {
  const label = `Statement ${s.sid !== undefined ? s.sid : `#${s.index}`}`;
  const rows = [];
  for (const el of [s.action, s.resource, s.principal]) {
    if (!el) continue;
    rows.push(h('li', { class: el.matched ? 'leaf ok' : 'leaf bad', testid: 'trace-element' },
      mark(el.matched), ' ', h('strong', null, el.element), ' ',
      el.pattern !== undefined ? h('code', null, String(el.pattern)) : null,
      el.detail ? h('span', { class: 'detail' }, ` — ${el.detail}`) : null));
  }
  for (const c of Array.isArray(s.conditions) ? s.conditions : []) rows.push(renderCondition(c));
  return h('li', { class: `stmt ${s.applies ? 'ok' : 'bad'}`, testid: 'trace-statement', 'data-applies': String(Boolean(s.applies)) },
    mark(s.applies), ' ',
    h('button', { type: 'button', class: 'linkish', disabled: !key, onclick: () => key && ctx.jump(key, s.range), title: 'Show in its editor' }, label),
    ' ', h('span', { class: `eff eff-${s.effect}` }, s.effect), ' ',
    h('span', { class: 'muted' }, s.applies ? 'applies' : 'does not apply'),
    rows.length ? h('ul', null, rows) : null);
}

const CONDITION_FIELDS = new Set(['range', 'sentence', 'result', 'reason', 'convention', 'operator', 'key']);

function renderCondition(c) {
  // Fields beyond the fixed ones (values compared, matched key, ...) are shown as they come.
  const extra = Object.entries(c).filter(([k, v]) => !CONDITION_FIELDS.has(k) && v !== null && v !== undefined && v !== '');
  return h('li', { class: c.result ? 'leaf ok' : 'leaf bad', testid: 'trace-condition' },
    mark(Boolean(c.result)), ' ', h('strong', null, 'Condition'), ' ',
    h('span', null, c.sentence || `${c.operator} ${c.key}`),
    c.reason ? h('span', { class: 'detail' }, ` — ${c.reason}`) : null,
    c.convention ? h('span', { class: 'badge', title: 'Decided by a documented convention where AWS\'s docs are ambiguous' }, 'convention') : null,
    extra.length ? h('div', { class: 'compared' }, extra.map(([k, v]) => h('span', { class: 'kv', 'data-field': k },
      h('span', { class: 'muted' }, `${k}: `), showValue(v)))) : null);
}

/**
 * A detail value as text. Policy values show "raw → resolved" when a variable was substituted (and say
 * so when it could not be); per-element results under a qualifier show ✓/✗ before each value.
 */
function showValue(v) {
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (v && typeof v === 'object') {
    if (typeof v.raw === 'string') {
      let text = v.resolved === undefined ? `${v.raw} (unresolved)` : v.raw === v.resolved ? v.raw : `${v.raw} → ${v.resolved}`;
      if (v.parseError) text += ` (${v.parseError})`;
      return text;
    }
    if (typeof v.value === 'string' && typeof v.holds === 'boolean') return `${v.holds ? '✓' : '✗'} ${v.value}`;
    return JSON.stringify(v);
  }
  return String(v);
}
