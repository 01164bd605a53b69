// The playground's state (what the user edits), the blank state that links are compared against, and
// the translation of a state into the Scenario JSON of the iamsim contract (design.md §3), with a map
// from the contract's input names ("policies.identity[0]") back to the editor that holds that text.

export const PRINCIPAL_KINDS = [
  ['', 'auto (from the ARN)'],
  ['user', 'IAM user'],
  ['role-session', 'role session'],
  ['federated-user', 'federated user'],
  ['root', 'root user'],
  ['service', 'AWS service'],
  ['anonymous', 'anonymous'],
  ['web-identity', 'web identity'],
  ['saml', 'SAML'],
];

export const RESOURCE_POLICY_TYPES = [
  ['resource', 'resource-based policy'],
  ['trust', 'role trust policy'],
  ['kmsKey', 'KMS key policy'],
];

/** A state with nothing in it: what a link leaves out is taken from here. */
export function blankState() {
  return {
    identity: [],
    boundary: { text: '', on: true },
    session: { text: '', on: true },
    resource: { text: '', on: true, type: 'resource' },
    scp: { on: true, levels: [] },
    rcp: { on: true, levels: [] },
    request: { principal: '', kind: '', account: '', roleArn: '', tags: [], action: '', resource: '', resourceAccount: '' },
    context: [],
  };
}

/** Fills every missing field of a (possibly partial or old) state from the blank state. */
export function normalizeState(s) {
  const b = blankState();
  const str = (v, d = '') => (typeof v === 'string' ? v : d);
  const bool = (v, d = true) => (typeof v === 'boolean' ? v : d);
  const arr = (v) => (Array.isArray(v) ? v : []);
  const policy = (p, i, prefix) => ({ name: str(p && p.name, `${prefix}${i + 1}`), text: str(p && p.text), on: bool(p && p.on) });
  const chain = (c) => ({
    on: bool(c && c.on),
    levels: arr(c && c.levels).map((lvl) => arr(lvl).map((p, i) => policy(p, i, 'Policy'))),
  });
  const r = (s && s.request) || {};
  return {
    identity: arr(s && s.identity).map((p, i) => policy(p, i, 'Policy')),
    boundary: { text: str(s && s.boundary && s.boundary.text), on: bool(s && s.boundary && s.boundary.on) },
    session: { text: str(s && s.session && s.session.text), on: bool(s && s.session && s.session.on) },
    resource: {
      text: str(s && s.resource && s.resource.text),
      on: bool(s && s.resource && s.resource.on),
      type: RESOURCE_POLICY_TYPES.some(([t]) => t === (s && s.resource && s.resource.type)) ? s.resource.type : 'resource',
    },
    scp: chain(s && s.scp),
    rcp: chain(s && s.rcp),
    request: {
      principal: str(r.principal),
      kind: PRINCIPAL_KINDS.some(([k]) => k === r.kind) ? r.kind : b.request.kind,
      account: str(r.account),
      roleArn: str(r.roleArn),
      tags: arr(r.tags).filter((t) => Array.isArray(t)).map(([k, v]) => [str(k), str(v)]),
      action: str(r.action),
      resource: str(r.resource),
      resourceAccount: str(r.resourceAccount),
    },
    context: arr(s && s.context).map((c) => ({ key: str(c && c.key), value: str(c && c.value), list: bool(c && c.list, false) })),
  };
}

const used = (p) => p.on && p.text.trim() !== '';

/** The value of one context row: lists are comma-separated. */
export function contextValue(row) {
  if (!row.list) return row.value;
  return row.value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

function buildPrincipal(r) {
  const text = r.principal.trim();
  const tags = r.tags.filter(([k]) => k.trim() !== '');
  const extras = r.account.trim() !== '' || r.roleArn.trim() !== '' || tags.length > 0;
  if (r.kind === '' && !extras) return text;
  const p = {};
  if (r.kind === 'service') p.service = text;
  else if (r.kind === 'web-identity' || r.kind === 'saml') p.provider = text;
  else if (r.kind !== 'anonymous' && text !== '') p.arn = text;
  if (r.kind !== '') p.kind = r.kind;
  if (r.account.trim() !== '') p.account = r.account.trim();
  if (r.roleArn.trim() !== '') p.roleArn = r.roleArn.trim();
  if (tags.length > 0) p.tags = Object.fromEntries(tags.map(([k, v]) => [k.trim(), v]));
  return p;
}

/**
 * The Scenario for a state, and `slots`: contract input name -> editor key ("identity:0", "boundary",
 * "scp:1:0", ...), so results and diagnostics can be put back into the editor they talk about.
 * Switched-off and empty policies are left out; policy text is passed as text so ranges refer to it.
 */
export function buildScenario(state) {
  const slots = new Map();
  const ids = new Map();
  const policies = {};
  const doc = (id, text, extra) => ({ id, document: text, ...extra });

  const identity = [];
  state.identity.forEach((p, i) => {
    if (!used(p)) return;
    slots.set(`policies.identity[${identity.length}]`, `identity:${i}`);
    ids.set(`identity/${p.name}`, `identity:${i}`);
    identity.push(doc(p.name, p.text));
  });
  if (identity.length) policies.identity = identity;
  if (used(state.boundary)) {
    slots.set('policies.permissionsBoundary', 'boundary');
    ids.set('permissionsBoundary/PermissionsBoundary', 'boundary');
    policies.permissionsBoundary = doc('PermissionsBoundary', state.boundary.text);
  }
  if (used(state.session)) {
    slots.set('policies.session[0]', 'session');
    slots.set('policies.session', 'session');
    ids.set('session/SessionPolicy', 'session');
    policies.session = [doc('SessionPolicy', state.session.text)];
  }
  if (used(state.resource)) {
    const name = { resource: 'ResourcePolicy', trust: 'TrustPolicy', kmsKey: 'KeyPolicy' }[state.resource.type];
    slots.set('policies.resource', 'resource');
    ids.set(`resource/${name}`, 'resource');
    policies.resource = doc(name, state.resource.text, state.resource.type === 'resource' ? {} : { type: state.resource.type });
  }
  for (const kind of ['scp', 'rcp']) {
    if (!state[kind].on) continue;
    const levels = [];
    state[kind].levels.forEach((lvl, li) => {
      const out = [];
      lvl.forEach((p, pi) => {
        if (!used(p)) return;
        slots.set(`policies.${kind}[${levels.length}][${out.length}]`, `${kind}:${li}:${pi}`);
        ids.set(`${kind}/${p.name}`, `${kind}:${li}:${pi}`);
        out.push(doc(p.name, p.text));
      });
      if (out.length) levels.push(out);
    });
    if (levels.length) policies[kind] = levels;
  }

  const r = state.request;
  const request = { principal: buildPrincipal(r), action: r.action.trim() };
  if (r.resource.trim() !== '') request.resource = r.resource.trim();
  if (r.resourceAccount.trim() !== '') request.resourceAccount = r.resourceAccount.trim();
  const context = {};
  for (const row of state.context) {
    if (row.key.trim() === '') continue;
    context[row.key.trim()] = contextValue(row);
  }
  if (Object.keys(context).length) request.context = context;

  return { scenario: { request, policies }, slots, ids };
}

/** Finds the editor a contract input name (or policy type + id) refers to. */
export function editorFor(built, input, policyType, policyId) {
  if (input) {
    if (built.slots.has(input)) return built.slots.get(input);
    // "policies.identity[0].Statement[1]" and the like: the longest known prefix wins.
    let best = null;
    for (const [k, v] of built.slots) if (input.startsWith(k) && (!best || k.length > best[0].length)) best = [k, v];
    if (best) return best[1];
  }
  if (policyType && policyId !== undefined) return built.ids.get(`${policyType}/${policyId}`) || null;
  return null;
}

/**
 * Which request input a diagnostic about the request points at. The package hands the engine
 * JSON.stringify(scenario), so a range on line 1 is an offset into that text; walking the request's
 * fields in insertion order (what JSON.stringify keeps) finds the field, and for the context the key.
 * Returns { field, key? } or null.
 */
export function requestFieldAt(scenario, range) {
  if (!range || !range.start || range.start.line !== 1 || !scenario || !scenario.request) return null;
  const offset = range.start.column - 1;
  let pos = '{"request":{'.length;
  for (const [field, value] of Object.entries(scenario.request)) {
    const keyLen = JSON.stringify(field).length + 1;
    const end = pos + keyLen + JSON.stringify(value).length;
    if (offset >= pos && offset < end) {
      if (field === 'context' && value && typeof value === 'object') {
        let inner = pos + keyLen + 1;
        for (const [key, v] of Object.entries(value)) {
          const innerEnd = inner + JSON.stringify(key).length + 1 + JSON.stringify(v).length;
          if (offset >= inner && offset < innerEnd) return { field, key };
          inner = innerEnd + 1;
        }
      }
      return { field };
    }
    pos = end + 1;
  }
  return null;
}
