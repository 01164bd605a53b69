// Suggestions for the request form from the embedded AWS service data, as native <datalist>s: the action
// field offers service prefixes, then the actions of the service typed; the context editor's key fields
// offer the keys that apply to the request's action first (its own and its resource types' keys), then
// the common keys, then every other global key. Keys with a variable part are offered as their stem
// (`aws:ResourceTag/`), the tag name being the user's to type.

import { h, clear } from './dom.js';
import { COMMON_KEYS } from './context-keys.js';
import { keyStem } from './service-data.js';

const latest = new WeakMap(); // datalist -> the last request made for it (older answers are dropped)

function fill(list, token, options) {
  if (latest.get(list) !== token) return;
  clear(list).append(...options.map(([value, label]) => h('option', { value, label: label || undefined })));
}

/** Fills the action field's datalist for the text typed so far. */
export async function suggestActions(list, data, typed) {
  const token = {};
  latest.set(list, token);
  const colon = typed.indexOf(':');
  if (colon < 0) {
    const services = await data.services();
    fill(list, token, services.map((s) => [`${s.prefix}:`, s.name]));
    return;
  }
  const prefix = typed.slice(0, colon);
  const actions = /[*?]/.test(prefix) || !prefix ? [] : await data.actionsOf(prefix);
  fill(list, token, actions.map((a) => [a]));
}

/** Fills the context keys' datalist for the request's action. */
export async function suggestKeys(list, data, action) {
  const token = {};
  latest.set(list, token);
  const { own, global } = await data.keysForAction(action.trim());
  const seen = new Set();
  const options = [];
  const add = (name, label) => {
    if (seen.has(name)) return;
    seen.add(name);
    options.push([name, label]);
  };
  for (const k of own) add(keyStem(k.name), `${k.type} — applies to this action`);
  for (const [k] of COMMON_KEYS) add(k, '');
  for (const k of global) add(keyStem(k.name), k.type);
  fill(list, token, options);
}
