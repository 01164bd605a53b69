// The package's contract (design.md §3) through its Node ESM entry: decisions, failures as data,
// TypeErrors only for non-objects, the prepared form, batches.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { KNOWN, pkgDir, policies, request, scenario } from './helpers.mjs';

const iamsim = await import(`${pkgDir}/node.mjs`);
const {
  simulate, explain, simulateMany, compile, version, expandAction, describeAction, dataVersion, servicePrefixes, conditionKeys,
} = iamsim;

describe('simulate', () => {
  for (const [resource, decision] of KNOWN) {
    test(`${resource} → ${decision}`, () => {
      const result = simulate(scenario(resource));
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.decision, decision);
      assert.equal(typeof result.reason, 'string');
      assert.deepEqual(result.missingContextKeys, []);
    });
  }

  test('the deciding statement is named, located in the policy text as given', () => {
    const allowed = simulate(scenario('arn:aws:s3:::reports/q1.csv'));
    assert.equal(allowed.matchedStatements.length, 1);
    const [m] = allowed.matchedStatements;
    assert.equal(m.policyType, 'identity');
    assert.equal(m.statementIndex, 0);
    assert.equal(m.sid, 'ReadReports');
    assert.equal(m.effect, 'Allow');
    // ALLOW_REPORTS is pretty-printed: the statement object opens on line 4, column 5.
    assert.deepEqual(m.range.start, { line: 4, column: 5 });
    const denied = simulate(scenario('arn:aws:s3:::secrets/key'));
    assert.equal(denied.matchedStatements[0].policyId, 'guard');
    assert.equal(denied.matchedStatements[0].sid, 'NoSecrets');
  });

  test('results are plain JSON data: no undefined, no Map, round-trips through JSON', () => {
    for (const [resource] of KNOWN) {
      const result = explain(scenario(resource));
      assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    }
  });

  test('the caller\'s objects are not modified', () => {
    const input = scenario('arn:aws:s3:::reports/q1.csv');
    const copy = structuredClone(input);
    simulate(input);
    explain(input);
    assert.deepEqual(input, copy);
  });

  test('text beyond ASCII reaches the core intact, with UTF-16 columns', () => {
    // The package copies strings into wasm memory with TextEncoder.encodeInto (scripts/build-pkg.mjs);
    // this pins 2-byte, 3-byte and 4-byte (surrogate pair) characters before, inside and after a value.
    const value = 'café-東京-😀';
    const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*",`
      + `"Condition":{"StringEquals":{"aws:PrincipalTag/team":"😀-nöpe"}}},{"Sid":"Unicode","Effect":"Allow","Action":"s3:GetObject",`
      + `"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${value}"}}}]}`;
    const run = (team) => simulate({
      request: { ...request('arn:aws:s3:::reports/q1.csv'), context: { 'aws:PrincipalTag/team': team } },
      policies: { identity: [{ id: 'uni', document: text }] },
    });
    const allowed = run(value);
    assert.equal(allowed.ok, true, JSON.stringify(allowed));
    assert.equal(allowed.decision, 'allowed');
    assert.equal(allowed.matchedStatements[0].sid, 'Unicode');
    // The allowing statement follows a Deny statement whose value holds an emoji (two UTF-16 units) and
    // an ö: it opens at UTF-16 offset 159, column 160, and ends after its closing brace.
    assert.equal(text.indexOf('{"Sid"'), 159);
    assert.deepEqual(allowed.matchedStatements[0].range.start, { line: 1, column: 160 });
    assert.deepEqual(allowed.matchedStatements[0].range.end, { line: 1, column: text.length - 1 });
    assert.equal(run('café-東京-😁').decision, 'implicitDeny');
    assert.equal(run(`${'é'.repeat(5000)}`).decision, 'implicitDeny');
    // A lone surrogate: JSON.stringify writes it as the escape \ud800, which the core refuses, located;
    // passed raw (expandAction takes a string), TextEncoder makes it U+FFFD.
    const lone = run('\ud800');
    assert.equal(lone.ok, false);
    assert.equal(lone.diagnostics[0].code, 'JSON_SYNTAX');
    assert.equal(lone.diagnostics[0].range.start.line, 1);
    assert.deepEqual(expandAction('s3:GetObject\ud800'), []);
    assert.deepEqual(expandAction('s3:GetObjectAc*'), ['s3:GetObjectAcl']);
  });

  test('a mistake in the scenario is a result, not an exception', () => {
    const result = simulate({ request: request('arn:aws:s3:::reports/q1.csv'), polices: {} });
    assert.equal(result.ok, false);
    assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
    assert.equal(Object.keys(result).sort().join(','), 'diagnostics,ok');
  });

  test('something JSON cannot hold (a cycle, a BigInt, no text at all) is a failure result too', () => {
    const cyclic = scenario('arn:aws:s3:::reports/q1.csv');
    cyclic.request.context = { self: cyclic };
    const noText = { toJSON: () => undefined };
    for (const input of [cyclic, { request: { principal: 'x', action: 's3:GetObject', context: { n: 10n } } }, noText]) {
      const result = simulate(input);
      assert.equal(result.ok, false);
      assert.equal(result.diagnostics[0].code, 'INPUT_NOT_JSON');
      assert.equal(result.diagnostics[0].source, 'scenario');
    }
    const compiled = compile(policies());
    for (const request of [noText, { context: { n: 1n } }]) {
      assert.deepEqual(compiled.simulate(request).diagnostics.map((d) => [d.code, d.source]), [['INPUT_NOT_JSON', 'request']]);
      assert.equal(compiled.explain(request).diagnostics[0].code, 'INPUT_NOT_JSON');
    }
    assert.equal(compile(noText).diagnostics[0].code, 'INPUT_NOT_JSON');
  });

  test('only a non-object argument throws, and it throws a TypeError', () => {
    for (const bad of [undefined, null, 'scenario', 42, true, Symbol('s'), () => {}]) {
      assert.throws(() => simulate(bad), TypeError);
      assert.throws(() => explain(bad), TypeError);
      assert.throws(() => compile(bad), TypeError);
      assert.throws(() => simulateMany(bad), TypeError);
    }
  });
});

describe('explain', () => {
  test('adds the trace and its text to the same result', () => {
    const input = scenario('arn:aws:s3:::secrets/key');
    const result = explain(input);
    const plain = simulate(input);
    assert.equal(result.ok, true, JSON.stringify(result));
    for (const key of Object.keys(plain)) assert.deepEqual(result[key], plain[key], key);
    assert.match(result.text, /^explicitDeny/);
    assert.equal(result.trace.request.action, 's3:GetObject');
    assert.equal(result.trace.policies.length, 2);
    assert.equal(result.trace.policies[1].policyId, 'guard');
  });
});

describe('compile', () => {
  test('prepared policies decide like simulate, request after request', () => {
    const compiled = compile(policies());
    assert.equal(compiled.ok, true, JSON.stringify(compiled.diagnostics));
    assert.deepEqual(compiled.diagnostics, []);
    for (let round = 0; round < 3; round++) {
      for (const [resource, decision] of KNOWN) {
        const result = compiled.simulate(request(resource));
        assert.equal(result.decision, decision, resource);
        // Ranges of a policy given as an object point into the JSON text of what was passed (the
        // scenario, or the policies for compile), so only those of policy text compare equal.
        const withoutObjectRanges = (r) => ({
          ...r, matchedStatements: r.matchedStatements.map(({ range, ...m }) => (m.policyId === 'guard' ? m : { ...m, range })),
        });
        assert.deepEqual(withoutObjectRanges(result), withoutObjectRanges(simulate(scenario(resource))));
      }
    }
    assert.equal(compiled.explain(request('arn:aws:s3:::reports/x')).trace.policies.length, 2);
    compiled.free();
    compiled.free(); // harmless
    assert.throws(() => compiled.simulate(request('*')), /freed/);
  });

  test('warnings about the policies are on the compiled object, not repeated in each result', () => {
    const compiled = compile({ identity: ['{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'] });
    assert.equal(compiled.ok, true);
    assert.deepEqual(compiled.diagnostics.map((d) => [d.severity, d.code, d.source]),
      [['warning', 'MISSING_VERSION', 'policies.identity[0]']]);
    const result = compiled.simulate(request('arn:aws:s3:::any/thing'));
    assert.equal(result.decision, 'allowed');
    assert.deepEqual(result.diagnostics, []);
    compiled.free();
  });

  test('options are the scenario options', () => {
    const withDerived = compile(policies(), { deriveContext: true });
    const without = compile(policies(), { deriveContext: false });
    assert.equal(withDerived.ok && without.ok, true);
    const context = (c) => c.explain(request('arn:aws:s3:::reports/x')).trace.context.map((e) => e.key);
    assert.ok(context(withDerived).some((k) => k.toLowerCase() === 'aws:principalarn'));
    assert.deepEqual(context(without), []);
    assert.equal(compile(policies(), { deriveContexts: true }).ok, false);
  });

  test('invalid policies give ok: false and answer every request with that failure', () => {
    const compiled = compile({ identity: ['{ "Version": "2012-10-17", "Statement": ['] });
    assert.equal(compiled.ok, false);
    assert.ok(compiled.diagnostics.length > 0);
    const result = compiled.simulate(request('*'));
    assert.deepEqual(result, { ok: false, diagnostics: compiled.diagnostics });
    assert.deepEqual(compiled.explain(request('*')), result);
    assert.throws(() => compiled.simulate('req'), TypeError);
    compiled.free();
  });

  test('a bad request is a failure result; a non-object request a TypeError', () => {
    const compiled = compile(policies());
    const result = compiled.simulate({ principal: 'x', action: 's3:GetObject', resourse: '*' });
    assert.equal(result.ok, false);
    assert.throws(() => compiled.simulate(null), TypeError);
    assert.throws(() => compiled.explain(7), TypeError);
    compiled.free();
  });
});

describe('simulateMany', () => {
  test('one result per scenario, in order', () => {
    const results = simulateMany(KNOWN.map(([resource]) => scenario(resource)).concat([{}]));
    assert.deepEqual(results.slice(0, 3).map((r) => r.decision), KNOWN.map(([, d]) => d));
    assert.equal(results[3].ok, false);
    assert.deepEqual(simulateMany([]), []);
    assert.throws(() => simulateMany([scenario('*'), 'x']), TypeError);
  });
});

describe('version and entry points', () => {
  test('version() is the package version', () => {
    const require = createRequire(import.meta.url);
    assert.equal(version(), require(`${pkgDir}/package.json`).version);
  });

  test('require and import give the same functions, answering alike', () => {
    const require = createRequire(import.meta.url);
    const cjs = require(`${pkgDir}/node.cjs`);
    const names = ['compile', 'conditionKeys', 'dataVersion', 'describeAction', 'expandAction', 'explain',
      'servicePrefixes', 'simulate', 'simulateMany', 'version'];
    assert.deepEqual(Object.keys(cjs).sort(), names);
    assert.deepEqual(Object.keys(iamsim).sort(), names);
    // Two instances (node.mjs is an ES module of its own): each answers every call the same way.
    for (const [resource] of KNOWN) assert.deepEqual(cjs.simulate(scenario(resource)), simulate(scenario(resource)));
    assert.deepEqual(cjs.compile(policies()).simulate(request('arn:aws:s3:::reports/a')),
      compile(policies()).simulate(request('arn:aws:s3:::reports/a')));
    assert.equal(cjs.version(), version());
  });

  test('loading the package leaves V8\'s flags as the process had them', () => {
    // The Node entry compiles the module under V8 flags of its own (npm/src/node.cjs) and puts them back.
    // V8's cachedDataVersionTag() is derived from every flag's value, so it shows any flag left changed.
    const check = (flags, load) => execFileSync(process.execPath, [...flags, '--input-type=module', '-e', `
      import v8 from 'node:v8';
      const before = v8.cachedDataVersionTag();
      const iamsim = ${load};
      const after = v8.cachedDataVersionTag();
      process.stdout.write(JSON.stringify([before === after, iamsim.simulate(${JSON.stringify(scenario('arn:aws:s3:::reports/a'))}).decision]));
    `], { encoding: 'utf8' });
    const loads = [`await import(${JSON.stringify(`${pkgDir}/node.mjs`)})`,
      `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(`${pkgDir}/node.cjs`)})`];
    for (const load of loads) {
      assert.equal(check([], load), '[true,"allowed"]');
      // A process that sets the flags itself keeps its values.
      assert.equal(check(['--wasm-lazy-compilation', '--wasm-tiering-budget=5000000'], load), '[true,"allowed"]');
      assert.equal(check(['--no-wasm-lazy-compilation'], load), '[true,"allowed"]');
    }
  });
});

describe('service data', () => {
  test('expandAction lists the actions a pattern matches, canonical and sorted', () => {
    const gets = expandAction('s3:getobjectt*');
    assert.ok(gets.includes('s3:GetObjectTagging'), gets.join());
    assert.ok(gets.every((a) => a.toLowerCase().startsWith('s3:getobjectt')));
    assert.deepEqual(expandAction('s3:GetObject'), ['s3:GetObject']);
    assert.deepEqual(expandAction('nosuchservice:*'), []);
    assert.ok(expandAction('*').length > 10_000);
  });

  test('describeAction gives access level, resource types and keys; null when unknown', () => {
    const info = describeAction('S3:getobject');
    assert.equal(info.name, 's3:GetObject');
    assert.equal(info.service, 's3');
    assert.equal(info.accessLevel, 'Read');
    assert.ok(info.resourceTypes.some((r) => r.name === 'object' && r.arnFormat.includes('${ObjectName}')));
    const passRole = describeAction('iam:passrole');
    assert.equal(passRole.accessLevel, 'Write');
    assert.deepEqual(passRole.resourceTypes.map((r) => [r.name, r.required]), [['role', true]]);
    assert.equal(describeAction('s3:Get*'), null);
    assert.equal(describeAction('nosuch:Thing'), null);
  });

  test('servicePrefixes lists every service with its name, sorted by prefix', () => {
    const services = servicePrefixes();
    assert.ok(services.length >= 450, `${services.length} services`);
    assert.deepEqual(services.find((s) => s.prefix === 's3'), { prefix: 's3', name: 'Amazon S3' });
    assert.deepEqual(services.find((s) => s.prefix === 'iam'), { prefix: 'iam', name: 'AWS Identity and Access Management (IAM)' });
    const prefixes = services.map((s) => s.prefix);
    assert.deepEqual(prefixes, [...prefixes].sort());
    assert.ok(services.every((s) => Object.keys(s).join() === 'prefix,name' && s.name.length > 0));
    // Every service has actions: expandAction('prefix:*') is how a page lists them.
    assert.ok(expandAction('s3:*').includes('s3:GetObject'));
  });

  test('conditionKeys lists global and service keys with their types, variable parts kept', () => {
    const keys = conditionKeys();
    const byName = new Map(keys.map((k) => [k.name, k]));
    assert.ok(keys.length > 1000, `${keys.length} keys`);
    assert.deepEqual(byName.get('aws:SourceIp'), { name: 'aws:SourceIp', type: 'IPAddress', global: true });
    assert.deepEqual(byName.get('aws:MultiFactorAuthPresent'), { name: 'aws:MultiFactorAuthPresent', type: 'Bool', global: true });
    assert.deepEqual(byName.get('aws:ResourceTag/${TagKey}'), { name: 'aws:ResourceTag/${TagKey}', type: 'String', global: true });
    assert.deepEqual(byName.get('aws:TagKeys'), { name: 'aws:TagKeys', type: 'ArrayOfString', global: true });
    assert.deepEqual(byName.get('s3:prefix'), { name: 's3:prefix', type: 'String', global: false });
    assert.equal(byName.get('s3:ExistingObjectTag/<key>')?.type, 'String');
    const names = keys.map((k) => k.name.toLowerCase());
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // A fresh array each call: callers may sort or filter it.
    keys.length = 0;
    assert.ok(conditionKeys().length > 1000);
  });

  test('dataVersion names the embedded snapshot; non-strings throw TypeError', () => {
    assert.match(dataVersion(), /^@cloud-copilot\/iam-data \S+ \(\d{4}-\d{2}-\d{2}\)$/);
    for (const bad of [undefined, null, 42, {}, ['s3:*']]) {
      assert.throws(() => expandAction(bad), TypeError);
      assert.throws(() => describeAction(bad), TypeError);
    }
  });
});
