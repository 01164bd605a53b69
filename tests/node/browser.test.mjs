// The package in headless Chromium (Debian's, driven by playwright-core): imported by a plain
// <script type="module"> with no bundler, through 'iamsim/web' with a manual init, and bundled by esbuild
// and by Vite.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { bin, pkgDir, scenario, sh } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

let work;
let server;
let origin;
let browser;

/** Serves /pkg/ from pkg/ and everything else from the temporary folder, on 127.0.0.1 only. */
function serve(dir) {
  return new Promise((resolveServer) => {
    const s = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const file = path.startsWith('/pkg/') ? join(pkgDir, normalize(path.slice(5))) : join(dir, normalize(path));
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    s.listen(0, '127.0.0.1', () => resolveServer(s));
  });
}

const page = (script) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">${script}</script></head><body></body></html>`;

// The page sets window.outcome = { decisions, ... } or { error }.
const APP = (from) => `
import { simulate, explain, compile, simulateMany, version } from ${JSON.stringify(from)};
const decisions = ['arn:aws:s3:::reports/q1.csv', 'arn:aws:s3:::secrets/k', 'arn:aws:s3:::other/k']
  .map((resource) => simulate(${JSON.stringify(scenario('RESOURCE'))
    .replace('"RESOURCE"', 'resource')}).decision);
let threw = '';
try { simulate('not an object'); } catch (e) { threw = e.constructor.name; }
const compiled = compile(${JSON.stringify(scenario('*').policies)});
const prepared = compiled.simulate({ principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::reports/x' }).decision;
compiled.free();
const text = explain(${JSON.stringify(scenario('arn:aws:s3:::secrets/k'))}).text;
window.outcome = { decisions, threw, prepared, text, many: simulateMany([{}]).length, version: version(), failure: simulate({}).ok };
`;

async function open(url) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  tab.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  tab.on('pageerror', (e) => problems.push(String(e)));
  await tab.goto(url);
  await tab.waitForFunction(() => window.outcome !== undefined || window.failed !== undefined, null, { timeout: 20_000 })
    .catch(() => {});
  const outcome = await tab.evaluate(() => window.outcome ?? window.failed);
  const beforeInit = await tab.evaluate(() => window.before);
  await context.close();
  return { outcome, problems, before: beforeInit };
}

function assertAnswers({ outcome, problems }) {
  assert.deepEqual(problems, []);
  assert.ok(outcome, 'the page did not finish');
  assert.deepEqual(outcome.decisions, ['allowed', 'explicitDeny', 'implicitDeny']);
  assert.equal(outcome.threw, 'TypeError');
  assert.equal(outcome.prepared, 'allowed');
  assert.match(outcome.text, /^explicitDeny/);
  assert.equal(outcome.many, 1);
  assert.equal(outcome.failure, false);
  assert.equal(outcome.version, JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'iamsim-browser-'));
  server = await serve(work);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('in Chromium', () => {
  test('<script type="module"> imports the package with no bundler and no init', async () => {
    writeFileSync(join(work, 'plain.html'), page(APP('/pkg/browser.js')));
    assertAnswers(await open(`${origin}/plain.html`));
  });

  test('iamsim/web: a clear error before init(), then the same answers after it', async () => {
    writeFileSync(join(work, 'web.html'), page(`
      import { init, simulate } from '/pkg/web.js';
      let before = '';
      try { simulate({}); } catch (e) { before = e.message; }
      await init(new URL('/pkg/iamsim_bg.wasm', location.href));
      window.before = before;
      await import('./web-app.js');
    `));
    writeFileSync(join(work, 'web-app.js'), APP('/pkg/web.js'));
    const result = await open(`${origin}/web.html`);
    assert.match(result.before ?? '', /call `await init\(\)`/);
    assertAnswers(result);
  });

  test('bundled by esbuild (browser platform), with the .wasm copied beside the bundle', async () => {
    const app = join(work, 'esbuild-app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(pkgDir, join(app, 'node_modules', 'iamsim'), 'dir');
    writeFileSync(join(app, 'main.js'), APP('iamsim'));
    const dist = join(work, 'dist');
    sh(join(bin, 'esbuild'), [join(app, 'main.js'), '--bundle', '--format=esm', '--platform=browser',
      '--log-level=warning', `--outfile=${join(dist, 'main.js')}`]);
    cpSync(join(pkgDir, 'iamsim_bg.wasm'), join(dist, 'iamsim_bg.wasm'));
    writeFileSync(join(dist, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script></head><body></body></html>`);
    const bundle = readFileSync(join(dist, 'main.js'), 'utf8');
    assert.doesNotMatch(bundle, /readFileSync|node:fs/, 'esbuild picked the Node entry for the browser');
    assertAnswers(await open(`${origin}/dist/index.html`));
  });
});

describe('bundled by Vite', () => {
  test('vite build emits the .wasm as an asset and the page answers', async () => {
    const { build } = await import('vite');
    const app = join(work, 'vite-app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(pkgDir, join(app, 'node_modules', 'iamsim'), 'dir');
    writeFileSync(join(app, 'main.js'), APP('iamsim'));
    writeFileSync(join(app, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script></head><body></body></html>`);
    await build({ root: app, base: './', logLevel: 'silent', configFile: false, build: { outDir: join(work, 'vite-dist') } });
    assertAnswers(await open(`${origin}/vite-dist/index.html`));
  });
});
