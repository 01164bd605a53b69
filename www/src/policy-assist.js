// Help inside the policy editors from the embedded AWS service data: completion of actions in
// `Action` / `NotAction` values (service prefix first, then that service's actions), of operator names
// directly under `Condition`, and of condition keys under an operator (global keys plus those of the
// statement's services); and, on hover or Mod-k at the cursor, what an action pattern stands for — the
// expansion of a wildcard (`s3:Get*`: count and the first names) or an exact action's access level.
// Every answer comes from the worker through ServiceData; tooltips are built from text nodes only.

import { EditorView, hoverTooltip, keymap, showTooltip } from '@codemirror/view';
import { StateEffect, StateField } from '@codemirror/state';
import { ensureSyntaxTree } from '@codemirror/language';
import { jsonLanguage } from '@codemirror/lang-json';
import { insertCompletionText, pickedCompletion, startCompletion } from '@codemirror/autocomplete';
import { h } from './dom.js';
import { keyStem, prefixOf } from './service-data.js';

// spec/conditions.md §1.1: every operator, IfExists on all but Null, and the set qualifiers. Qualified
// Null is left out: it is valid but always true / always false on a missing key (a lint warning).
const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

/**
 * Inserts a completion (`insert`, else its label) over what was typed and the rest of the name up to its
 * closing quote, so completing in the middle (`s3:GetObj|ectAc"`) does not leave the old tail behind;
 * with `restart` (a service prefix) the list opens again on that service's actions.
 */
function applyName(view, completion, from, to) {
  const text = completion.insert ?? completion.label;
  const rest = /^[\w:/.-]*(?=")/.exec(view.state.sliceDoc(to, Math.min(view.state.doc.length, to + 256)));
  const end = to + (rest ? rest[0].length : 0);
  view.dispatch({ ...insertCompletionText(view.state, text, from, end), annotations: pickedCompletion.of(completion) });
  if (completion.restart) startCompletion(view);
}

export const OPERATORS = (() => {
  const out = [];
  for (const qualifier of ['', 'ForAnyValue:', 'ForAllValues:']) {
    for (const base of BASE_OPERATORS) {
      if (base === 'Null') {
        if (!qualifier) out.push({ label: base, boost: 2 });
        continue;
      }
      out.push({ label: `${qualifier}${base}`, boost: qualifier ? 0 : 2 });
      out.push({ label: `${qualifier}${base}IfExists`, boost: qualifier ? -1 : 1 });
    }
  }
  return out.map((o) => ({ ...o, type: 'keyword', apply: applyName }));
})();

// Names a wildcard's tooltip lists before "… and N more", in two columns: enough for `s3:Get*` to reach
// s3:GetObject (the 43rd), few enough to stay a glance.
const HOVER_NAMES = 50;

function unquote(text) {
  try {
    const v = JSON.parse(text);
    return typeof v === 'string' ? v : text;
  } catch {
    return text.replace(/^"|"$/g, '');
  }
}

const nameOf = (property, doc) => {
  const key = property && property.name === 'Property' ? property.getChild('PropertyName') : null;
  return key ? unquote(doc.sliceString(key.from, key.to)) : null;
};

/** The String or PropertyName node around `pos` (inside its quotes), in `tree`. */
function stringNodeAt(tree, pos) {
  for (let n = tree.resolveInner(pos, -1); n; n = n.parent) {
    if (n.name === 'String' || n.name === 'PropertyName') return pos > n.from && (pos < n.to || n.to - n.from < 2) ? n : null;
    if (n.name === 'Object' || n.name === 'Array' || n.name === 'Property') return null;
  }
  return null;
}

/**
 * What a string at `pos` is in the policy: { kind: 'action' | 'operator' | 'key', node, statement, doc }
 * or null. While a string is still open (no closing quote yet) the text is parsed again with one added,
 * so that typing `"s3:Ge` before the quote is closed still finds its place.
 */
export function stringContext(state, pos) {
  let doc = state.doc;
  let tree = ensureSyntaxTree(state, pos, 50);
  let node = tree ? stringNodeAt(tree, pos) : null;
  if (!node) {
    const line = doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from).replace(/\\./g, '');
    if ((before.match(/"/g) || []).length % 2 === 0) return null;
    const text = `${doc.sliceString(0, pos)}"${doc.sliceString(pos)}`;
    doc = { sliceString: (from, to) => text.slice(from, to) };
    tree = jsonLanguage.parser.parse(text);
    node = stringNodeAt(tree, pos);
    if (!node) return null;
  }
  if (node.name === 'PropertyName') {
    const owner = node.parent?.parent?.parent; // PropertyName -> Property -> Object -> Property
    if (owner?.name !== 'Property') return null;
    if (nameOf(owner, doc) === 'Condition') return { kind: 'operator', node, doc };
    const condition = owner.parent?.parent; // -> Object -> Property
    if (condition?.name === 'Property' && nameOf(condition, doc) === 'Condition') return { kind: 'key', node, statement: condition.parent, doc };
    return null;
  }
  let p = node.parent;
  if (p?.name === 'Array') p = p.parent;
  const name = nameOf(p, doc);
  if (name === 'Action' || name === 'NotAction') return { kind: 'action', node, statement: p.parent, doc };
  return null;
}

/** The service prefixes a statement's `Action` names; null when it has none or uses NotAction / `*:...`. */
function statementServices(statement, doc) {
  if (!statement || statement.name !== 'Object') return null;
  const prefixes = new Set();
  for (const prop of statement.getChildren('Property')) {
    const name = nameOf(prop, doc);
    if (name === 'NotAction') return null;
    if (name !== 'Action') continue;
    const value = prop.lastChild;
    const strings = value?.name === 'Array' ? value.getChildren('String') : value?.name === 'String' ? [value] : [];
    for (const s of strings) {
      const p = prefixOf(unquote(doc.sliceString(s.from, s.to)));
      if (!p || /[*?]/.test(p)) return null;
      prefixes.add(p);
    }
  }
  return prefixes.size ? prefixes : null;
}

/** Completion of actions, operators and condition keys in a policy editor. */
function policyCompletions(data) {
  return async (context) => {
    const hit = stringContext(context.state, context.pos);
    if (!hit) return null;
    const from = hit.node.from + 1;
    const typed = context.state.sliceDoc(from, context.pos);
    if (hit.kind === 'operator') return { from, options: OPERATORS, validFor: /^[\w:]*$/ };
    if (hit.kind === 'key') {
      const keys = await data.conditionKeys();
      const services = statementServices(hit.statement, hit.doc);
      const options = [];
      for (const k of keys) {
        const global = k.global || prefixOf(k.name) === 'aws';
        if (services && !global && !services.has(prefixOf(k.name))) continue;
        const stem = keyStem(k.name);
        options.push({ label: k.name, detail: k.type, type: 'property', boost: global ? 0 : 1, apply: applyName, insert: stem });
      }
      return { from, options, validFor: /^[\w:/.-]*$/ };
    }
    // An action: the service prefix until a colon is typed, then that service's actions.
    const colon = typed.indexOf(':');
    if (colon < 0) {
      if (/[*?]/.test(typed)) return null;
      const services = await data.services();
      return {
        from,
        options: services.map((s) => ({ label: `${s.prefix}:`, detail: s.name, type: 'namespace', apply: applyName, restart: true })),
        validFor: /^[\w-]*$/,
      };
    }
    const prefix = typed.slice(0, colon).toLowerCase();
    if (/[*?]/.test(prefix)) return null;
    const actions = await data.actionsOf(prefix);
    if (!actions.length) return null;
    return {
      from,
      options: actions.map((a) => ({ label: a, type: 'function', apply: applyName })),
      validFor: (text) => text.toLowerCase().startsWith(`${prefix}:`) && /^[\w-]+:[\w]*$/.test(text),
    };
  };
}

/** The tooltip's content for an action pattern, or null when the worker had no answer. */
async function describePattern(data, pattern) {
  if (/[*?]/.test(pattern)) {
    const exp = await data.expansion(pattern, HOVER_NAMES);
    if (!exp) return null;
    if (exp.count === 0) return h('div', { class: 'cm-iamsim-info', testid: 'action-info' }, h('strong', null, pattern), ' matches no action in the AWS service data');
    const more = exp.count - exp.actions.length;
    return h('div', { class: 'cm-iamsim-info', testid: 'action-info', 'data-count': exp.count },
      h('div', null, h('strong', null, pattern), ` matches ${exp.count} action${exp.count === 1 ? '' : 's'}:`),
      h('ul', null, exp.actions.map((a) => h('li', null, a))),
      more > 0 ? h('div', { class: 'cm-iamsim-more' }, `… and ${more} more`) : null);
  }
  const info = await data.describe(pattern);
  if (info === null) {
    // Either unknown or the worker restarted; `describe` keeps only real answers.
    return h('div', { class: 'cm-iamsim-info', testid: 'action-info' }, h('strong', null, pattern), ' is not an action in the AWS service data');
  }
  const types = info.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`).join(', ');
  return h('div', { class: 'cm-iamsim-info', testid: 'action-info' },
    h('div', null, h('strong', null, info.name), ` — ${info.serviceName}`),
    h('div', null, `Access level: ${info.accessLevel}`),
    h('div', { class: 'cm-iamsim-more' }, types ? `Resource types: ${types}` : 'Resource: "*" only'));
}

/** The tooltip for the action pattern around `pos`, or null. */
async function actionTooltip(data, state, pos) {
  const hit = stringContext(state, pos);
  if (!hit || hit.kind !== 'action' || hit.doc !== state.doc) return null;
  const pattern = unquote(state.sliceDoc(hit.node.from, hit.node.to)).trim();
  if (!pattern) return null;
  const dom = await describePattern(data, pattern);
  if (!dom) return null;
  dom.setAttribute('role', 'status');
  return { pos: hit.node.from, end: hit.node.to, above: true, create: () => ({ dom }) };
}

// Mod-k: the same tooltip at the cursor, for keyboard users; it goes away on the next edit, cursor move
// or Escape.
const setKeyTooltip = StateEffect.define();
const keyTooltip = StateField.define({
  create: () => null,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setKeyTooltip)) return e.value;
    return tr.docChanged || tr.selection ? null : value;
  },
  provide: (f) => showTooltip.from(f),
});

function keyboardInfo(data) {
  return keymap.of([
    {
      key: 'Mod-k',
      run(view) {
        const { state } = view;
        const pos = state.selection.main.head;
        const hit = stringContext(state, pos);
        if (!hit || hit.kind !== 'action') return false;
        actionTooltip(data, state, pos).then((tip) => {
          if (tip && view.state.doc === state.doc && view.state.selection.main.head === pos) view.dispatch({ effects: setKeyTooltip.of(tip) });
        });
        return true;
      },
    },
    { key: 'Escape', run: (view) => (view.state.field(keyTooltip) ? (view.dispatch({ effects: setKeyTooltip.of(null) }), true) : false) },
  ]);
}

const assistTheme = EditorView.baseTheme({
  '.cm-iamsim-info': { padding: '4px 8px', maxWidth: '60em', fontFamily: 'var(--mono)', fontSize: '12px' },
  '.cm-iamsim-info ul': { margin: '4px 0', padding: '0', listStyle: 'none', columns: '2', columnGap: '1.5em', maxHeight: '36em', overflowY: 'auto' },
  '.cm-iamsim-more': { color: 'var(--muted)' },
});

/** The editor extensions: completion source (through the JSON language's data), hover, Mod-k. */
export function policyAssist(data) {
  return [
    jsonLanguage.data.of({ autocomplete: policyCompletions(data) }),
    hoverTooltip((view, pos) => actionTooltip(data, view.state, pos), { hoverTime: 300 }),
    keyTooltip,
    keyboardInfo(data),
    assistTheme,
  ];
}
