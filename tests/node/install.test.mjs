// The package as a user gets it: `npm pack` pkg/, `npm install <tarball>` into a fresh folder, then use
// it through require, import and TypeScript (tsc --noEmit on code using the API, and on real outputs
// written out as literals that must `satisfy` the declared types, so the types cannot drift).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALLOW_REPORTS, KNOWN, bin, pkgDir, policies, request, root, scenario, sh } from './helpers.mjs';

const api = await import(`${pkgDir}/node.mjs`);

let work;
let consumer;
let packed;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'iamsim-install-'));
  consumer = join(work, 'consumer');
  [packed] = JSON.parse(sh('npm', ['pack', pkgDir, '--json', '--pack-destination', work]));
  sh('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', join(work, packed.filename)], { cwd: consumer });
});

after(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = JSON.stringify(scenario('arn:aws:s3:::reports/q1.csv'));

describe('npm install <tarball>', () => {
  test('the tarball holds the package files and nothing else', () => {
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['README.md', 'browser.js', 'iamsim_bg.wasm', 'index.d.cts', 'index.d.ts',
      'node.cjs', 'node.mjs', 'package.json', 'web.d.ts', 'web.js']);
    assert.equal(packed.name, 'iamsim');
  });

  test('package.json describes the package', () => {
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'iamsim', 'package.json'), 'utf8'));
    for (const key of ['name', 'version', 'description', 'license', 'repository', 'keywords', 'types', 'exports']) {
      assert.ok(manifest[key], key);
    }
    assert.equal(manifest.version, api.version());
  });

  test('require("iamsim") prints a decision', () => {
    const out = sh('node', ['-e', `console.log(require('iamsim').simulate(${SCENARIO}).decision)`], { cwd: consumer });
    assert.equal(out.trim(), 'allowed');
  });

  test('import { simulate } from "iamsim" prints a decision', () => {
    const out = sh('node', ['--input-type=module', '-e',
      `import { simulate } from 'iamsim'; console.log(simulate(${SCENARIO}).decision)`], { cwd: consumer });
    assert.equal(out.trim(), 'allowed');
  });

  test('the .wasm is exported for self-hosting, by require and by import', () => {
    const viaRequire = sh('node', ['-p', "require.resolve('iamsim/iamsim_bg.wasm')"], { cwd: consumer }).trim();
    assert.ok(viaRequire.endsWith(join('node_modules', 'iamsim', 'iamsim_bg.wasm')), viaRequire);
    const viaImport = sh('node', ['--input-type=module', '-e',
      "console.log(import.meta.resolve('iamsim/iamsim_bg.wasm'))"], { cwd: consumer }).trim();
    assert.match(viaImport, /^file:.*\/node_modules\/iamsim\/iamsim_bg\.wasm$/);
  });
});

/** Runs tsc --noEmit with a strict config over `files`, in the consumer folder. */
function typecheck(name, files, compilerOptions) {
  const config = join(consumer, `tsconfig.${name}.json`);
  writeFileSync(config, JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false,
      module: 'nodenext', moduleResolution: 'nodenext', ...compilerOptions,
    },
    files,
  }));
  try {
    sh(join(bin, 'tsc'), ['-p', config], { cwd: consumer });
  } catch (error) {
    assert.fail(`tsc (${name}) failed:\n${error.stdout}${error.stderr}`);
  }
}

// Code a user would write: it must compile, and the @ts-expect-error lines must be errors.
const USAGE = `
import { compile, conditionKeys, dataVersion, describeAction, expandAction, explain, servicePrefixes, simulate, simulateMany, version } from 'iamsim';
import type { AccessLevel, ConditionKeyType, Decision, Diagnostic, Explanation, Scenario, SimulationResult } from 'iamsim';

const scenario: Scenario = {
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: '*',
    context: { 'aws:SourceIp': '192.0.2.1', 'aws:MultiFactorAuthAge': 30, 'aws:SecureTransport': true, 'aws:TagKeys': ['a', 'b'] } },
  policies: { identity: [${JSON.stringify(ALLOW_REPORTS)}, { id: 'named', document: { Version: '2012-10-17', Statement: [] }, source: 'group', group: 'devs' }],
    scp: [[], ['{}']], resource: { document: '{}', type: 'trust' } },
  options: { deriveContext: false, notPrincipalMode: 'lenient' },
};
const result: SimulationResult = simulate(scenario);
if (result.ok) {
  const decision: Decision = result.decision;
  const allowed: boolean = decision === 'allowed';
  const sid: string | undefined = result.matchedStatements[0]?.sid;
  const line: number | undefined = result.matchedStatements[0]?.range.start.line;
  void [allowed, sid, line, result.reasonCode, result.missingContextKeys.join()];
  // @ts-expect-error: decisions are literal strings
  if (result.decision === 'Allowed') {}
} else {
  const first: Diagnostic | undefined = result.diagnostics[0];
  const severity: 'error' | 'warning' | 'info' | undefined = first?.severity;
  void severity;
  // @ts-expect-error: a failure has no decision
  void result.decision;
}
const explained: Explanation = explain(scenario);
if (explained.ok) {
  const text: string = explained.text;
  const phases: string[] = explained.trace.steps.map((s) => s.phase);
  const conditions = explained.trace.policies.flatMap((p) => p.statements.flatMap((s) => s.conditions));
  const keys: string[] = conditions.map((c) => c.key);
  void [text, phases, keys];
}
const compiled = compile(scenario.policies ?? {}, { deriveContext: true });
const many: SimulationResult[] = simulateMany([scenario, scenario]);
const one = compiled.simulate(scenario.request);
compiled.free();
const v: string = version();
const level: AccessLevel | undefined = describeAction('s3:GetObject')?.accessLevel;
const actions: string[] = expandAction('s3:Get*');
const prefixes: string[] = servicePrefixes().map((s) => s.prefix);
const keyTypes: ConditionKeyType[] = conditionKeys().filter((k) => k.global).map((k) => k.type);
void [many, one, v, level, actions, dataVersion(), prefixes, keyTypes];
// @ts-expect-error: describeAction may answer null
void describeAction('s3:GetObject').name;
// @ts-expect-error: a scenario needs a request
simulate({ policies: {} });
// @ts-expect-error: the action is a string
simulate({ request: { principal: 'p', action: 42 } });
// @ts-expect-error: unknown principal kind
simulate({ request: { principal: { kind: 'robot' }, action: 'a' } });
// @ts-expect-error: unknown option
compile({}, { deriveContexts: true });
`;

describe('TypeScript', () => {
  test('the declarations have no `any`', () => {
    for (const file of ['index.d.ts', 'web.d.ts']) {
      const text = readFileSync(join(pkgDir, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      assert.doesNotMatch(text, /\bany\b/, file);
    }
  });

  test('ESM (nodenext) code using the API type-checks', () => {
    writeFileSync(join(consumer, 'usage.mts'), USAGE);
    typecheck('esm', ['usage.mts']);
  });

  test('CommonJS (nodenext, require) code using the API type-checks', () => {
    writeFileSync(join(consumer, 'usage.cts'), USAGE.replace(
      /import \{ (.*) \} from 'iamsim';/, "import iamsim = require('iamsim');\nconst { $1 } = iamsim;",
    ));
    typecheck('cjs', ['usage.cts']);
  });

  test('bundler resolution (the browser entry and iamsim/web) type-checks', () => {
    writeFileSync(join(consumer, 'usage.ts'), USAGE);
    writeFileSync(join(consumer, 'web.ts'), `
import { init, initSync, simulate } from 'iamsim/web';
await init();
await init(new URL('https://example.com/iamsim_bg.wasm'));
initSync(new Uint8Array(0));
const r = simulate({ request: { principal: 'p', action: 'a' } });
export const ok: boolean = r.ok;
`);
    typecheck('bundler', ['usage.ts', 'web.ts'], { module: 'esnext', moduleResolution: 'bundler' });
  });

  test('real outputs satisfy the declared types (simulate, explain, compile, failures, conformance cases)', () => {
    const outputs = [];
    const add = (type, value) => outputs.push([type, value]);
    for (const [resource] of KNOWN) {
      add('SimulationResult', api.simulate(scenario(resource)));
      add('Explanation', api.explain(scenario(resource)));
    }
    const compiled = api.compile(policies());
    add('SimulationResult', compiled.simulate(request('arn:aws:s3:::reports/a')));
    add('Explanation', compiled.explain(request('arn:aws:s3:::secrets/a')));
    compiled.free();
    add('Diagnostic[]', api.compile({ identity: ['{'] }).diagnostics);
    add('SimulationResult', api.simulate({ request: request('*'), policies: { identity: ['{"Statement": 7}'] } }));
    add('Explanation', api.explain({}));
    const flow = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'flow.json'), 'utf8'));
    for (const c of flow.cases) {
      add('SimulationResult', api.simulate(c.scenario));
      add('Explanation', api.explain(c.scenario));
    }
    add('SimulationResult[]', api.simulateMany(flow.cases.slice(0, 5).map((c) => c.scenario)));
    for (const action of ['s3:GetObject', 'iam:PassRole', 'ec2:RunInstances', 'sts:AssumeRole', 'nosuch:Thing']) {
      add('ActionInfo | null', api.describeAction(action));
    }
    add('string[]', api.expandAction('s3:Put*'));
    add('ServiceInfo[]', api.servicePrefixes().slice(0, 20));
    // One key of each type the data uses, so a type missing from ConditionKeyType fails here.
    add('ConditionKeyInfo[]', [...new Map(api.conditionKeys().map((k) => [`${k.type}/${k.global}`, k])).values()]);
    assert.ok(outputs.some(([, v]) => v.ok === true), 'no successful result to check');
    const lines = ["import type { ActionInfo, ConditionKeyInfo, Diagnostic, Explanation, ServiceInfo, SimulationResult } from 'iamsim';"];
    outputs.forEach(([type, value], i) => lines.push(`export const o${i} = ${JSON.stringify(value)} satisfies ${type};`));
    writeFileSync(join(consumer, 'outputs.mts'), `${lines.join('\n')}\n`);
    typecheck('outputs', ['outputs.mts']);
  });
});
