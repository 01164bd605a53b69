// simulate's results are read out of wasm memory as a frame (src/api/result_frame.rs, npm/src/frame.js),
// not parsed from JSON. These tests pin the objects built that way to the JSON contract: for a corpus of
// scenarios (the conformance flow cases, the benchmark batch, and seeded variants of them with odd
// strings, warnings, SCP levels and failures), JSON.stringify of the package's result must be, byte for
// byte, the native CLI's JSON line for the same scenario, property order included; and prepared results
// must equal the package's own explanation without its trace (explain still travels as JSON).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pkgDir, rng, root, scenario, sh } from './helpers.mjs';

const { simulate, simulateMany, explain, compile } = await import(`${pkgDir}/node.mjs`);

const flow = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'flow.json'), 'utf8')).cases;
const bench = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'bench-scenario.json'), 'utf8'));

/** Strings a frame must carry exactly: a byte-order mark first, quotes, backslashes, controls, 2-4 byte UTF-8. */
const ODD = ['\uFEFFbom', 'q"uote\\back', 'ctl\u0001\t\n', 'é-ß-日本', 'emoji-😀', 'line\u2028sep', ''];

const clone = (value) => JSON.parse(JSON.stringify(value));

/** Renames policy ids and statement Sids (of policies given as objects) with `pick()`. */
function renamePolicies(policies, pick) {
  for (const list of Object.values(policies)) {
    for (const p of Array.isArray(list) ? list : [list]) {
      if (p === null || typeof p !== 'object') continue;
      if (typeof p.id === 'string') p.id = pick();
      const statements = p.document?.Statement;
      for (const s of Array.isArray(statements) ? statements : statements ? [statements] : []) {
        if (s && typeof s === 'object') s.Sid = pick();
      }
    }
  }
}

/** The scenarios of the corpus: every case as given, then seeded variants. */
function corpus() {
  const random = rng(0xf4a3e);
  const pick = () => ODD[Math.floor(random() * ODD.length)];
  const base = [...flow.map((c) => c.scenario), ...bench.requests.map((request) => ({ request, policies: bench.policies }))];
  const out = [...base];
  for (const s of base) {
    // Odd policy ids and Sids: they come back in matchedStatements.
    const renamed = clone(s);
    renamePolicies(renamed.policies, pick);
    out.push(renamed);
    // Context keys that draw warnings (unknown, wrong type, not applicable), with odd text in them.
    const warned = clone(s);
    if (warned.request && typeof warned.request === 'object') {
      warned.request.context = {
        ...warned.request.context,
        'aws:SourceIp': 'not-an-ip',
        [`custom:${pick()}`]: pick(),
        'aws:EpochTime': ['1', '2'],
        's3:x-amz-acl': 'private',
      };
    }
    out.push(warned);
    // Mistakes: the failure's diagnostics (codes, messages, ranges) come back instead.
    const broken = clone(s);
    if (broken.request && typeof broken.request === 'object') {
      const mistakes = [
        () => { broken.request.action = 42; },
        () => { delete broken.request.action; },
        () => { broken.request.colour = pick(); },
        () => { broken.request.context = [pick()]; },
        () => { broken.policies.identity = [`{"Version": "2012-10-17", "Statement": ${JSON.stringify(pick())}`]; },
      ];
      mistakes[Math.floor(random() * mistakes.length)]();
    }
    out.push(broken);
  }
  return out;
}

/** The native CLI (built from this checkout), for the JSON the package's objects must equal. */
function cli() {
  const exe = join(root, 'target', 'debug', 'iamsim');
  if (!existsSync(exe)) sh('cargo', ['build', '--quiet', '--bin', 'iamsim'], { cwd: root, stdio: 'inherit' });
  return exe;
}

describe('simulate results read from frames', () => {
  const scenarios = corpus();

  test('are the CLI\'s JSON byte for byte, for every scenario of the corpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamsim-frame-'));
    try {
      const file = join(dir, 'corpus.jsonl');
      writeFileSync(file, scenarios.map((s) => JSON.stringify(s)).join('\n') + '\n');
      const run = spawnSync(cli(), ['simulate', '--jsonl', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const lines = run.stdout.split('\n').filter((l) => l.length > 0);
      assert.equal(lines.length, scenarios.length, run.stderr.slice(0, 400));
      const kinds = new Set();
      scenarios.forEach((s, i) => {
        const result = simulate(s);
        assert.equal(JSON.stringify(result), lines[i], `scenario ${i}: ${JSON.stringify(s).slice(0, 300)}`);
        kinds.add(result.ok ? result.decision : 'failure');
        if (result.diagnostics.length > 0) kinds.add('diagnostics');
        if (result.matchedStatements?.some((m) => m.level !== undefined)) kinds.add('level');
        if (result.missingContextKeys?.length > 0) kinds.add('missing');
      });
      // The corpus reaches every part of a frame.
      for (const kind of ['allowed', 'explicitDeny', 'implicitDeny', 'failure', 'diagnostics', 'level', 'missing']) {
        assert.ok(kinds.has(kind), `the corpus has no ${kind} result`);
      }
      assert.deepEqual(simulateMany(scenarios.slice(0, 50)).map((r) => JSON.stringify(r)), lines.slice(0, 50));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('prepared results equal the explanation without its trace', () => {
    for (const s of corpus()) {
      const compiled = compile(s.policies, s.options);
      if (!compiled.ok || s.request === null || typeof s.request !== 'object') continue;
      const { trace, text, ...expected } = compiled.explain(s.request);
      assert.equal(JSON.stringify(compiled.simulate(s.request)), JSON.stringify(expected));
      compiled.free();
    }
  });

  test('are read right after the module\'s memory grows', () => {
    const small = scenario('arn:aws:s3:::reports/q1.csv');
    const before = JSON.stringify(simulate(small));
    // A scenario (12 MB, under the 16 MiB input limit) far larger than the memory the module has so far
    // makes it grow during the call.
    const huge = scenario('arn:aws:s3:::reports/q1.csv');
    huge.request.context = { 'aws:UserAgent': 'x'.repeat(12 << 20) };
    const grown = simulate(huge);
    assert.equal(grown.decision, 'allowed');
    assert.equal(JSON.stringify(simulate(small)), before);
    const compiled = compile(small.policies);
    assert.equal(compiled.simulate(huge.request).decision, 'allowed');
    assert.equal(JSON.stringify(compiled.simulate(small.request)), JSON.stringify({ ...explain(small), trace: undefined, text: undefined }));
  });
});
