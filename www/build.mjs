// Builds the playground into www/dist/ (run by `make www`): esbuild bundles the page (src/main.js ->
// app.js) and the worker (src/worker.js -> worker.js) with CodeMirror and the iamsim package's web entry
// (pkg/web.js, built by `make pkg`); the .wasm, index.html and style.css are copied beside them.
// Usage: node www/build.mjs [--pkg DIR] [--dev]   (--dev: no minification)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = dirname(fileURLToPath(import.meta.url));
const root = resolve(www, '..');
const args = process.argv.slice(2);
const pkg = resolve(root, args.includes('--pkg') ? args[args.indexOf('--pkg') + 1] : 'pkg');
const dev = args.includes('--dev');
const dist = join(www, 'dist');

for (const f of ['web.js', 'iamsim_bg.wasm']) {
  if (!existsSync(join(pkg, f))) {
    console.error(`[www] ${join(pkg, f)} is missing: build the package first (make pkg)`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { app: join(www, 'src', 'main.js'), worker: join(www, 'src', 'worker.js') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  alias: { 'iamsim-web': join(pkg, 'web.js') },
  logLevel: 'warning',
});

copyFileSync(join(pkg, 'iamsim_bg.wasm'), join(dist, 'iamsim_bg.wasm'));
copyFileSync(join(www, 'index.html'), join(dist, 'index.html'));
copyFileSync(join(www, 'style.css'), join(dist, 'style.css'));

const kib = (f) => `${(statSync(join(dist, f)).size / 1024).toFixed(0)} KiB`;
console.error(`[www] built ${dist}: app.js ${kib('app.js')}, worker.js ${kib('worker.js')}, iamsim_bg.wasm ${kib('iamsim_bg.wasm')}`);
