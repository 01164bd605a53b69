// Sharing: the whole state in the URL hash, compressed and versioned, with defaults left out (a blank
// state is the reference, so a link carries only what the user set). Format: "#v1:" + base64url of the
// deflate-raw compressed JSON of the compact form below. The hash never reaches a server.

import { blankState, normalizeState } from './state.js';

export const HASH_PREFIX = '#v1:';
const STORAGE_KEY = 'iamsim.playground.v1';

// Compact form: short keys, and anything equal to the blank state's value omitted.
function compactPolicy(p) {
  const o = {};
  if (p.name) o.n = p.name;
  if (p.text) o.t = p.text;
  if (!p.on) o.off = 1;
  return o;
}

export function toCompact(state) {
  const s = normalizeState(state);
  const c = {};
  if (s.identity.length) c.i = s.identity.map(compactPolicy);
  if (s.boundary.text) c.b = s.boundary.text;
  if (!s.boundary.on) c.bOff = 1;
  if (s.session.text) c.s = s.session.text;
  if (!s.session.on) c.sOff = 1;
  if (s.resource.text) c.r = s.resource.text;
  if (!s.resource.on) c.rOff = 1;
  if (s.resource.type !== 'resource') c.rt = s.resource.type;
  for (const [kind, key] of [['scp', 'sc'], ['rcp', 'rc']]) {
    if (s[kind].levels.length) c[key] = s[kind].levels.map((lvl) => lvl.map(compactPolicy));
    if (!s[kind].on) c[`${key}Off`] = 1;
  }
  const r = s.request;
  const q = {};
  for (const [k, short] of [['principal', 'p'], ['kind', 'k'], ['account', 'a'], ['roleArn', 'ra'],
    ['action', 'ac'], ['resource', 're'], ['resourceAccount', 'rA']]) if (r[k]) q[short] = r[k];
  if (r.tags.length) q.t = r.tags;
  if (Object.keys(q).length) c.q = q;
  if (s.context.length) c.c = s.context.map((row) => (row.list ? [row.key, row.value, 1] : [row.key, row.value]));
  return c;
}

export function fromCompact(c) {
  const expandPolicy = (p) => ({ name: p && p.n, text: p && p.t, on: !(p && p.off) });
  const s = blankState();
  if (!c || typeof c !== 'object') return s;
  const arr = (v) => (Array.isArray(v) ? v : []);
  s.identity = arr(c.i).map(expandPolicy);
  s.boundary = { text: c.b, on: !c.bOff };
  s.session = { text: c.s, on: !c.sOff };
  s.resource = { text: c.r, on: !c.rOff, type: c.rt || 'resource' };
  s.scp = { on: !c.scOff, levels: arr(c.sc).map((lvl) => arr(lvl).map(expandPolicy)) };
  s.rcp = { on: !c.rcOff, levels: arr(c.rc).map((lvl) => arr(lvl).map(expandPolicy)) };
  const q = c.q || {};
  s.request = { principal: q.p, kind: q.k, account: q.a, roleArn: q.ra, tags: q.t, action: q.ac, resource: q.re, resourceAccount: q.rA };
  s.context = arr(c.c).map((row) => ({ key: arr(row)[0], value: arr(row)[1], list: Boolean(arr(row)[2]) }));
  return normalizeState(s);
}

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The hash ("#v1:...") for a state. */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(toCompact(state)));
  return HASH_PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The state in a hash, or null when the hash holds none (or one this version cannot read). */
export async function decodeState(hash) {
  if (!hash || !hash.startsWith(HASH_PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(HASH_PREFIX.length)), new DecompressionStream('deflate-raw'));
    return fromCompact(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}

export function saveLocal(state) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(toCompact(state)));
  } catch {
    // Storage full or disabled (private mode): the link still carries the state.
  }
}

export function loadLocal() {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    return text ? fromCompact(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}
