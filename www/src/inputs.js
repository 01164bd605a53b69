// The input side of the page: one CodeMirror editor per policy slot (identity policies, boundary,
// session, resource-based, SCP and RCP chains level by level), the request form and the context rows.
// Everything writes into the state object it is given and calls `changed` after each edit.

import { h, clear } from './dom.js';
import { PRINCIPAL_KINDS, RESOURCE_POLICY_TYPES } from './state.js';
import { createEditor } from './editor.js';
import { COMMON_KEYS, suggestedRow } from './context-keys.js';
import { policyAssist } from './policy-assist.js';
import { suggestActions, suggestKeys } from './request-assist.js';

const $ = (id) => document.getElementById(id);
const NEW_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '', Resource: '*' }] }, null, 2);

/**
 * getState() -> the current state (replaced when an example or a link is loaded); views: the Map of
 * editor key -> EditorView to fill; changed({ structural }) after every edit; serviceData: the
 * ServiceData that completion and hover ask (service-data.js).
 */
export function createInputs({ getState, views, changed, serviceData }) {
  const assist = policyAssist(serviceData);
  let keysTimer = null;
  // The context keys offered follow the request's action, asked again once typing pauses.
  const refreshKeys = () => {
    clearTimeout(keysTimer);
    keysTimer = setTimeout(() => {
      const list = document.getElementById('common-keys');
      if (list) suggestKeys(list, serviceData, getState().request.action);
    }, 150);
  };

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
      placeholder || 'Paste a policy (JSON). Empty: left out.', assist);
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
    const state = getState();
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
    const state = getState();
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
  }

  function field(label, testid, value, oninput, attrs = {}, span = 3) {
    const id = `f-${testid}`;
    return h('div', { class: `field span${span}` },
      h('label', { for: id }, label),
      h('input', { id, testid, value, spellcheck: 'false', autocomplete: 'off', oninput: (e) => oninput(e.target.value), ...attrs }));
  }

  function renderRequest() {
    const state = getState();
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
        field('Action', 'action', r.action, (v) => { r.action = v; changed(); suggestActions($('action-options'), serviceData, v); refreshKeys(); },
          { placeholder: 's3:GetObject', list: 'action-options' }, 3),
        field('Resource account', 'resource-account', r.resourceAccount, (v) => { r.resourceAccount = v; changed(); }, { placeholder: 'from the ARN, else the principal\'s' }, 3),
        field('Resource', 'resource', r.resource, (v) => { r.resource = v; changed(); }, { placeholder: '* (default)' }, 6)),
      h('div', { class: 'tags' }, h('h3', null, 'Principal tags'), tags),
      h('datalist', { id: 'action-options', testid: 'action-options' }));
    suggestActions($('action-options'), serviceData, r.action);
  }

  function renderContext(focusRow) {
    const state = getState();
    const list = h('datalist', { id: 'common-keys', testid: 'context-key-options' }, COMMON_KEYS.map(([k]) => h('option', { value: k })));
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
    // Through h() so that a missing hint (null) is skipped, not printed.
    clear($('context')).append(h('div', null,
      h('h2', null, 'Request context'),
      state.context.length ? null : h('p', { class: 'muted' }, 'No keys given. Keys iamsim derives from the principal (aws:PrincipalArn, aws:username, tags…) are added by the simulator; conditions see every other key as absent.'),
      list,
      h('div', { class: 'rows' }, rows),
      h('div', { class: 'row-tools' },
        h('button', { type: 'button', class: 'small', testid: 'add-context', onclick: () => {
          state.context.push({ key: '', value: '', list: false }); changed(); renderContext(state.context.length - 1);
        } }, '+ key'),
        common)));
    suggestKeys(list, serviceData, state.request.action);
  }

  function addContextKey(key) {
    const state = getState();
    const existing = state.context.findIndex((r) => r.key === key);
    if (existing >= 0) { renderContext(existing); return; }
    state.context.push(suggestedRow(key));
    changed();
    renderContext(state.context.length - 1);
  }

  return { renderInputs, renderRequest, renderContext, addContextKey };
}
