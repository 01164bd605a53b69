// `make bench`: the npm package measured in Node, through its public entry points, on the realistic batch
// of tests/fixtures/bench-scenario.json (written by scripts/make-bench-scenario.py; the Rust benchmark
// reads the same file). Prints simulations per second for one-shot simulate(scenario) and for prepared
// compile(policies).simulate(request), explain's rate, cold start (a fresh Node process: import + first
// simulate) and the .wasm size raw and gzipped. Usage: node scripts/bench.mjs [--seconds N] [--pkg DIR]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const seconds = Number(option('--seconds', '2'));
const pkg = resolve(root, option('--pkg', 'pkg'));

const batch = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'bench-scenario.json'), 'utf8'));
const { policies, requests } = batch;
const scenarios = requests.map((request) => ({ request, policies }));

/**
 * Runs `once` (one pass over the batch) repeatedly for about `seconds`; returns calls per second of wall
 * time. The CPU time per call is printed too: on a shared machine it is the steadier figure.
 */
function rate(label, once) {
  const warm = performance.now();
  while (performance.now() - warm < 300) once(); // let V8 tier up the JS side and the wasm
  let passes = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    once();
    passes++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  const calls = passes * requests.length;
  const perSecond = calls / (elapsed / 1000);
  const cpuEach = (cpu.user + cpu.system) / calls;
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} /s`
    + `   (${(1e6 / perSecond).toFixed(1)} µs each; ${cpuEach.toFixed(1)} µs CPU = `
    + `${Math.round(1e6 / cpuEach).toLocaleString('en-US')} /s of CPU)`);
  return perSecond;
}

/** Cold start in a fresh process: from before the import to the first decision, in ms (median of 7). */
function coldStart(kind) {
  const entry = kind === 'import' ? pathToFileURL(join(pkg, 'node.mjs')).href : join(pkg, 'node.cjs');
  const load = kind === 'import' ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`;
  const script = `
    const scenario = JSON.parse(process.argv[1]);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = ${load};
    const r = m.simulate(scenario);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    console.log(t1 - t0, (c1.user + c1.system) / 1000);`;
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, [kind === 'import' ? '--input-type=module' : '--input-type=commonjs',
      '-e', script, JSON.stringify(scenarios[0])], { encoding: 'utf8' });
    const [w, c] = out.trim().split(' ').map(Number);
    wall.push(w);
    cpu.push(c);
  }
  const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

const iamsim = await import(pathToFileURL(join(pkg, 'node.mjs')).href);

// The batch must be real work: every scenario valid, and a mix of decisions.
const decisions = {};
for (const s of scenarios) {
  const r = iamsim.simulate(s);
  if (!r.ok) throw new Error(`bench scenario rejected: ${JSON.stringify(r.diagnostics)}`);
  decisions[r.decision] = (decisions[r.decision] ?? 0) + 1;
}
const compiled = iamsim.compile(policies);
if (!compiled.ok) throw new Error(`bench policies rejected: ${JSON.stringify(compiled.diagnostics)}`);

const statements = (p) => JSON.parse(typeof p === 'string' ? p : JSON.stringify(p.document ?? p)).Statement.length;
const scpLevels = policies.scp?.length ?? 0;
console.log(`iamsim ${iamsim.version()} in Node ${process.version}; batch: ${requests.length} requests against `
  + `${policies.identity.length} identity policies (${policies.identity.map(statements).join('+')} statements), `
  + `${scpLevels} SCP levels, ${policies.resource ? 'a' : 'no'} resource policy, `
  + `${Object.keys(requests[0].context ?? {}).length} context keys; decisions ${JSON.stringify(decisions)}`);

const oneShot = rate('one-shot simulate(scenario)', () => {
  for (const s of scenarios) iamsim.simulate(s);
});
const prepared = rate('prepared compile(policies).simulate(request)', () => {
  for (const r of requests) compiled.simulate(r);
});
rate('one-shot explain(scenario)', () => {
  for (const s of scenarios) iamsim.explain(s);
});
rate('prepared compile(policies).explain(request)', () => {
  for (const r of requests) compiled.explain(r);
});
compiled.free();

const coldImport = coldStart('import');
const coldRequire = coldStart('require');
// CPU time (all of the process's threads, V8's background compilers included) says more than wall time
// on a busy machine, where the wall time also counts waiting for a core.
console.log(`cold start, import + first simulate             ${coldImport.wall.toFixed(1).padStart(10)} ms `
  + `(median of 7 fresh processes; ${coldImport.cpu.toFixed(1)} ms CPU)`);
console.log(`cold start, require + first simulate            ${coldRequire.wall.toFixed(1).padStart(10)} ms `
  + `(${coldRequire.cpu.toFixed(1)} ms CPU); load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

const wasm = readFileSync(join(pkg, 'iamsim_bg.wasm'));
const data = readFileSync(join(root, 'src', 'service', 'data', 'iam-data.bin'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (b) => gzipSync(b, { level: 9 }).length;
console.log(`iamsim_bg.wasm                                  ${kib(wasm.length).padStart(10)} raw, ${kib(gz(wasm))} gzipped`);
console.log(`  of which embedded service data (iam-data.bin) ${kib(data.length).padStart(10)} raw, ${kib(gz(data))} gzipped`);
console.log(`  code without the service data (difference)    ${kib(wasm.length - data.length).padStart(10)} raw, `
  + `~${kib(gz(wasm) - gz(data))} gzipped`);

const targets = [
  ['prepared ≥ 100,000/s', prepared >= 100_000],
  ['one-shot ≥ 10,000/s', oneShot >= 10_000],
  ['cold start ≤ 20 ms', coldImport.wall <= 20],
  ['.wasm ≤ 200 KiB gzipped before service data', gz(wasm) - gz(data) <= 200 * 1024],
];
console.log(`targets (issue 3): ${targets.map(([t, met]) => `${met ? 'met' : 'MISSED'}: ${t}`).join('; ')}`);
