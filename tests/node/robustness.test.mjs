// Hundreds of malformed inputs through the package: garbage, truncated and deeply nested text, huge
// strings, wrong types and unknown fields at every level. Each must come back as { ok: false } with a
// located error (a `source` and/or a `range`), never an exception or a trap, and the module must still
// answer correctly afterwards. Inputs are generated deterministically (seeded), so a failure reproduces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALICE, ALLOW_REPORTS, DENY_SECRETS, pkgDir, request, rng, scenario } from './helpers.mjs';

const { simulate, explain, compile } = await import(`${pkgDir}/node.mjs`);

function assertLocatedFailure(result, label) {
  const shown = () => `${label}: ${JSON.stringify(result).slice(0, 400)}`;
  assert.equal(result.ok, false, shown());
  assert.ok(Array.isArray(result.diagnostics) && result.diagnostics.length > 0, shown());
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0, shown());
  for (const d of errors) {
    assert.match(d.code, /^[A-Z][A-Z0-9_]*$/, shown());
    assert.ok(d.message.length > 0, shown());
    assert.ok(typeof d.source === 'string' || d.range !== undefined, `unlocated: ${shown()}`);
    if (d.range) {
      for (const p of [d.range.start, d.range.end]) {
        assert.ok(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1, shown());
      }
    }
  }
}

function assertStillAnswering() {
  assert.equal(simulate(scenario('arn:aws:s3:::reports/q1.csv')).decision, 'allowed');
  assert.equal(simulate(scenario('arn:aws:s3:::secrets/q1.csv')).decision, 'explicitDeny');
}

const withPolicy = (policy) => ({ request: request('arn:aws:s3:::reports/q1.csv'), policies: { identity: [policy] } });

/** Policy texts that are not policies. */
function brokenPolicyTexts() {
  const cases = [];
  // Every proper prefix of a valid policy (truncated input), from the empty string on.
  for (let n = 0; n < ALLOW_REPORTS.length; n++) cases.push([`prefix ${n}`, ALLOW_REPORTS.slice(0, n)]);
  // Random garbage: printable ASCII, arbitrary code units (lone surrogates, NUL), JSON-ish punctuation.
  const random = rng(0x1a5);
  const alphabets = [
    ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
    null,
    '{}[]:,"\\ 0123456789tfnule-+.',
  ];
  for (let i = 0; i < 120; i++) {
    const alphabet = alphabets[i % alphabets.length];
    const length = 1 + Math.floor(random() * 200);
    let text = '';
    for (let j = 0; j < length; j++) {
      text += alphabet === null
        ? String.fromCharCode(Math.floor(random() * 0x10000))
        : alphabet[Math.floor(random() * alphabet.length)];
    }
    // Keep only texts that are not a JSON object (a few random ones could be, by chance).
    let isObject = false;
    try { isObject = JSON.parse(text)?.constructor === Object; } catch { /* not JSON */ }
    if (!isObject) cases.push([`garbage ${i}`, text]);
  }
  // Mutations of a valid policy: one character replaced.
  for (let i = 0; i < 60; i++) {
    const at = Math.floor(random() * ALLOW_REPORTS.length);
    const replacement = '{}[]:,"\\x\u0000\ud800'[Math.floor(random() * 11)];
    const text = ALLOW_REPORTS.slice(0, at) + replacement + ALLOW_REPORTS.slice(at + 1);
    let valid = false;
    try { JSON.parse(text); valid = true; } catch { /* invalid JSON: good */ }
    if (!valid) cases.push([`mutation ${i} at ${at}`, text]);
  }
  // Well-formed JSON that is not a valid policy.
  const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  const bad = [
    ['array', []], ['number', 42], ['string', '"policy"'], ['null', null],
    ['Statement number', { Version: '2012-10-17', Statement: 42 }],
    ['Effect Maybe', { Version: '2012-10-17', Statement: [{ ...statement, Effect: 'Maybe' }] }],
    ['Effect missing', { Version: '2012-10-17', Statement: [{ Action: 's3:GetObject', Resource: '*' }] }],
    ['Action number', { Version: '2012-10-17', Statement: [{ ...statement, Action: 42 }] }],
    ['Action and NotAction', { Version: '2012-10-17', Statement: [{ ...statement, NotAction: 's3:PutObject' }] }],
    ['Resource object', { Version: '2012-10-17', Statement: [{ ...statement, Resource: { a: 1 } }] }],
    ['Condition string', { Version: '2012-10-17', Statement: [{ ...statement, Condition: 'x' }] }],
    ['Condition unknown operator', { Version: '2012-10-17', Statement: [{ ...statement, Condition: { StringEqualz: { 'aws:username': 'a' } } }] }],
    ['Condition values object', { Version: '2012-10-17', Statement: [{ ...statement, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }] }],
    ['Version 2099', { Version: '2099-01-01', Statement: [statement] }],
    ['unknown element', { Version: '2012-10-17', Statement: [{ ...statement, Acton: 's3:GetObject' }] }],
    ['unknown top-level element', { Version: '2012-10-17', Statment: [statement] }],
  ];
  for (const [name, doc] of bad) cases.push([name, doc === null ? 'null' : typeof doc === 'string' ? doc : JSON.stringify(doc)]);
  return cases;
}

/** Scenarios with a wrong type, or an unknown field, at every level. */
function badScenarios() {
  const valid = () => scenario('arn:aws:s3:::reports/q1.csv');
  const at = (path, value) => {
    const s = valid();
    let node = s;
    for (const key of path.slice(0, -1)) node = node[key] ??= {};
    node[path[path.length - 1]] = value;
    return [`${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`, s];
  };
  const cases = [];
  const wrong = {
    'request': [42, 'req', [], true, null],
    'request.principal': [42, true, [], null],
    'request.action': [42, true, [], {}, null],
    'request.resource': [42, true, [], {}],
    'request.resourceAccount': [42, true, [], {}],
    'request.resourceInManagementAccount': ['yes', 1, [], {}],
    'request.context': ['ctx', 42, [], true],
    'request.context.aws:username': [{}, [{}], [[]], [['a']]],
    'policies': ['p', 42, [], true],
    'policies.identity': ['p', 42, {}, true],
    'policies.identity.0': [42, true, [], 'not json'],
    'policies.permissionsBoundary': [42, true, [], 'not json'],
    'policies.session': ['p', 42, {}],
    'policies.resource': [42, true, [], 'not json'],
    'policies.scp': ['p', 42, {}, [1], [['not json']], [[42]], ['x']],
    'policies.rcp': ['p', 42, {}, [1], [['not json']]],
    'options': ['o', 42, [], true],
    'options.deriveContext': ['true', 1, [], {}],
    'options.notPrincipalMode': ['loose', 1, true, {}],
  };
  for (const [path, values] of Object.entries(wrong)) {
    for (const value of values) cases.push(at(path.split('.'), value));
  }
  const principalObject = (extra) => ({ arn: ALICE, ...extra });
  for (const extra of [{ arn: 42 }, { kind: 'robot' }, { kind: 7 }, { tags: 'x' }, { tags: [] },
    { account: 111122223333 }, { inManagementAccount: 'no' }]) {
    cases.push(at(['request', 'principal'], principalObject(extra)));
  }
  // Unknown fields: a typo must never silently drop an input.
  for (const path of ['typo', 'request.typo', 'request.principal.typo', 'policies.typo', 'options.typo',
    'policies.identity.1.typo']) {
    const parts = path.split('.');
    if (parts[1] === 'principal') {
      const s = valid();
      s.request.principal = principalObject({ typo: 1 });
      cases.push([path, s]);
    } else {
      cases.push(at(parts, 1));
    }
  }
  cases.push(['polices (misspelt)', { request: request('*'), polices: { identity: [ALLOW_REPORTS] } }]);
  cases.push(['named policy without document', { request: request('*'), policies: { identity: [{ id: 'x' }] } }]);
  cases.push(['named policy, bad source', { request: request('*'), policies: { identity: [{ document: DENY_SECRETS, source: 'mars' }] } }]);
  cases.push(['named policy, bad type', { request: request('*'), policies: { resource: { document: DENY_SECRETS, type: 'bucket' } } }]);
  cases.push(['empty scenario', {}]);
  cases.push(['an array', []]);
  cases.push(['request only principal', { request: { principal: ALICE } }]);
  return cases;
}

/** Nesting and sizes meant to exhaust a recursive parser or the wasm stack. */
function extremeScenarios() {
  const cases = [];
  for (const depth of [1_000, 10_000, 100_000]) {
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    cases.push([`policy text nested ${depth} deep`, withPolicy(text)]);
    cases.push([`policy text of objects nested ${depth} deep`, withPolicy(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)]);
  }
  for (const depth of [1_000, 5_000]) {
    let nested = 'v';
    for (let i = 0; i < depth; i++) nested = [nested];
    cases.push([`context value nested ${depth} deep`, { request: { ...request('*'), context: { k: nested } } }]);
    let doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    for (let i = 0; i < depth; i++) doc = { Statement: doc };
    cases.push([`policy object nested ${depth} deep`, withPolicy(doc)]);
  }
  const huge = 'x'.repeat(4 << 20);
  cases.push(['4 MiB action', { request: request('*', huge), typo: true }]);
  cases.push(['4 MiB unknown field name', { request: request('*'), [huge]: 1 }]);
  cases.push(['4 MiB of spaces, then garbage', withPolicy(`${' '.repeat(4 << 20)}}`)]);
  cases.push(['4 MiB string in a policy, truncated', withPolicy(`{"Version":"2012-10-17","Statement":[{"Sid":"${huge}`)]);
  cases.push(['100k context keys, one a bad value', {
    request: { ...request('*'), context: Object.fromEntries([...Array(100_000).keys()].map((i) => [`k${i}`, i === 99_999 ? {} : 'v'])) },
  }]);
  return cases;
}

describe('malformed input never throws or traps', () => {
  const policyTexts = brokenPolicyTexts();
  const scenarios = badScenarios();
  const extremes = extremeScenarios();

  test(`at least 300 generated cases (${policyTexts.length} policy texts, ${scenarios.length} scenarios, ${extremes.length} extremes)`, () => {
    assert.ok(policyTexts.length + scenarios.length + extremes.length >= 300);
  });

  test('broken policy texts: simulate, explain and compile all fail with located errors', () => {
    for (const [name, text] of policyTexts) {
      assertLocatedFailure(simulate(withPolicy(text)), `simulate ${name}`);
      assertLocatedFailure(explain(withPolicy(text)), `explain ${name}`);
      const compiled = compile({ identity: [text] });
      assert.equal(compiled.ok, false, name);
      assertLocatedFailure(compiled.simulate(request('*')), `compile ${name}`);
    }
    assertStillAnswering();
  });

  test('wrong types and unknown fields at every level fail with located errors', () => {
    for (const [name, input] of scenarios) {
      assertLocatedFailure(simulate(input), name);
      assertLocatedFailure(explain(input), `explain ${name}`);
    }
    assertStillAnswering();
  });

  test('bad requests against compiled policies fail with located errors', () => {
    const compiled = compile(scenario('*').policies);
    assert.equal(compiled.ok, true);
    for (const [name, input] of scenarios) {
      if (input.request !== null && typeof input.request === 'object' && !name.startsWith('request ') && name.startsWith('request')) {
        assertLocatedFailure(compiled.simulate(input.request), `compiled ${name}`);
      }
    }
    for (const bad of [{}, { principal: ALICE }, { action: 's3:GetObject' }, { ...request('*'), typo: 1 }]) {
      assertLocatedFailure(compiled.simulate(bad), `compiled ${JSON.stringify(bad)}`);
    }
    assert.equal(compiled.simulate(request('arn:aws:s3:::reports/a')).decision, 'allowed');
    compiled.free();
  });

  test('deep nesting and huge inputs are refused with a diagnostic, not a stack overflow', () => {
    for (const [name, input] of extremes) {
      assertLocatedFailure(simulate(input), name);
      assertStillAnswering();
    }
  });

  test('many valid and invalid calls interleaved leave the module healthy', () => {
    for (let i = 0; i < 2_000; i++) {
      const result = simulate(i % 2 ? withPolicy(`{"Statement":[${i}`) : scenario('arn:aws:s3:::reports/q1.csv'));
      assert.equal(result.ok, i % 2 === 0, `call ${i}`);
    }
    assertStillAnswering();
  });
});
