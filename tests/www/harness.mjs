// Shared pieces of the playground's browser tests: a static server for www/dist on a free 127.0.0.1
// port (python3 -m http.server, as `make serve` uses), Debian's Chromium through playwright-core, and
// page guards that collect console errors and every request that leaves the page's own origin.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'www', 'dist');
export const artifacts = join(root, 'test-artifacts', 'www');

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Serves www/dist; returns { origin, stop() }. */
export async function serve() {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('www/dist is not built: run `make www` first');
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      const r = await fetch(`${origin}/index.html`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) { child.kill(); throw new Error('http.server did not start'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    stop: () => new Promise((res) => { child.once('exit', res); child.kill(); }),
  };
}

export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

/**
 * A fresh context and page (so no local storage is shared) with guards: `problems()` lists console
 * errors, uncaught exceptions, worker errors and requests to any origin but `origin`.
 */
export async function openPage(browser, origin, path = '/', { viewport = { width: 1400, height: 1000 } } = {}) {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const errors = [];
  const foreign = [];
  const requests = [];
  context.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') errors.push(`worker console: ${m.text()}`); }));
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="engine-status"]')?.dataset.kind === 'ok', null, { timeout: 20000 });
  return {
    context, page, requests,
    problems: () => [...errors, ...foreign.map((u) => `request to another origin: ${u}`)],
    close: () => context.close(),
  };
}

/** Waits until the page has rendered the result of its latest input; returns the decision shown. */
export async function settled(page) {
  await page.waitForFunction(() => {
    const p = window.__iamsim;
    return p && p.inputSeq > 0 && p.renderedSeq === p.inputSeq && document.querySelector('[data-testid="decision"]');
  }, null, { timeout: 15000 });
  return page.getAttribute('[data-testid="decision"]', 'data-decision');
}

/** True when the engine answers NOT_READY (the evaluator has not landed in this build). */
export async function engineNotReady(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid="diagnostic"]')].some((d) => d.dataset.code === 'NOT_READY'));
}
