// Builds pkg/, the npm package `iamsim`, from the crate and npm/ (run by `make pkg`, which installs the
// tools first). Steps:
//   1. wasm-pack build --target web (release, no installs of its own) into target/wasm-pack/;
//   2. wasm-opt -Oz (npm binaryen) into pkg/iamsim_bg.wasm;
//   3. esbuild bundles each entry of npm/src/ with the wasm-bindgen glue into one file;
//   4. package.json assembled from Cargo.toml's metadata, plus the hand-written types and README.
// Usage: node scripts/build-pkg.mjs [--out-dir DIR] [--skip-wasm-pack]
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outDir = resolve(root, args.includes('--out-dir') ? args[args.indexOf('--out-dir') + 1] : 'pkg');
const wasmPackDir = join(root, 'target', 'wasm-pack');
const buildDir = join(root, 'target', 'npm-build');
const bin = join(root, 'node_modules', '.bin');

function run(cmd, cmdArgs, env = {}) {
  console.error(`[pkg] ${cmd} ${cmdArgs.join(' ')}`);
  execFileSync(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...env },
  });
}

/** The few `key = value` lines of Cargo.toml's [package] table that package.json repeats. */
function cargoPackage() {
  const text = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const table = text.split(/^\[package\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  const value = (key) => {
    const m = table.match(new RegExp(`^${key}\\s*=\\s*(.+)$`, 'm'));
    return m ? JSON.parse(m[1].trim()) : undefined; // TOML basic strings and string arrays are JSON here
  };
  return {
    version: value('version'),
    description: value('description'),
    license: value('license'),
    repository: value('repository'),
    keywords: value('keywords'),
  };
}

/**
 * The glue with one function replaced: wasm-bindgen's passStringToWasm0 copies a string into wasm memory
 * with a JavaScript loop over its characters while they are ASCII, and TextEncoder only from the first
 * other one. Every call passes JSON text (a 16 KB scenario, a 1 KB request), and that loop costs ~22 µs
 * for the scenario and ~1.5 µs for the request, against ~0.6 µs and ~0.08 µs for TextEncoder.encodeInto
 * (Node 20). The replacement encodes with encodeInto into a buffer of one byte per UTF-16 unit (enough for
 * ASCII); past the first character that does not fit it grows the buffer to the worst case (3 bytes a
 * unit) and encodes the rest, as the original does; lone surrogates become U+FFFD either way. The build
 * fails if the glue no longer has the function (a wasm-bindgen upgrade must look at this again).
 */
function withFastStringPassing(glue) {
  const original = /^function passStringToWasm0\(arg, malloc, realloc\) \{\n[\s\S]*?\n\}\n/m;
  if (!original.test(glue) || !glue.includes('const cachedTextEncoder = new TextEncoder();')) {
    throw new Error('build-pkg: the wasm-bindgen glue has no passStringToWasm0 of the known shape');
  }
  return glue.replace(original, `function passStringToWasm0(arg, malloc, realloc) {
    // iamsim (scripts/build-pkg.mjs): encodeInto in place of a per-character loop.
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;
    let { read, written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    if (read !== arg.length) {
        const rest = arg.slice(read);
        ptr = realloc(ptr, len, len = written + rest.length * 3, 1) >>> 0;
        written += cachedTextEncoder.encodeInto(rest, getUint8ArrayMemory0().subarray(ptr + written, ptr + len)).written;
        ptr = realloc(ptr, len, written, 1) >>> 0;
    }
    WASM_VECTOR_LEN = written;
    return ptr;
}
`);
}

// 1. The crate to wasm, and the wasm-bindgen glue (an ES module with init() and initSync()).
if (!args.includes('--skip-wasm-pack')) {
  run('wasm-pack', ['build', '--mode', 'no-install', '--release', '--target', 'web', '--no-pack',
    '--out-dir', wasmPackDir, '--out-name', 'iamsim']);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// 2. Smaller and faster: -Oz; the target_features section tells wasm-opt which features rustc used.
run(join(bin, 'wasm-opt'), ['-Oz', join(wasmPackDir, 'iamsim_bg.wasm'), '-o', join(outDir, 'iamsim_bg.wasm')]);

// 3. One file per entry: the glue and the shared API bundled in; the .wasm stays a separate file.
rmSync(buildDir, { recursive: true, force: true });
cpSync(join(root, 'npm', 'src'), buildDir, { recursive: true });
writeFileSync(join(buildDir, 'iamsim_glue.js'), withFastStringPassing(readFileSync(join(wasmPackDir, 'iamsim.js'), 'utf8')));
const esbuild = join(bin, 'esbuild');
const common = ['--bundle', '--log-level=warning', '--log-override:empty-import-meta=silent', '--legal-comments=none', '--target=es2022'];
run(esbuild, [join(buildDir, 'node.cjs'), ...common, '--platform=node', '--format=cjs',
  `--outfile=${join(outDir, 'node.cjs')}`]);
for (const entry of ['browser.js', 'web.js']) {
  run(esbuild, [join(buildDir, entry), ...common, '--platform=neutral', '--format=esm',
    `--outfile=${join(outDir, entry)}`]);
}
run(esbuild, [join(buildDir, 'node.mjs'), ...common, '--platform=node', '--format=esm',
  `--outfile=${join(outDir, 'node.mjs')}`]);

// 4. Types (the same declarations for import and require), README, package.json.
copyFileSync(join(root, 'npm', 'index.d.ts'), join(outDir, 'index.d.ts'));
copyFileSync(join(root, 'npm', 'index.d.ts'), join(outDir, 'index.d.cts'));
copyFileSync(join(root, 'npm', 'web.d.ts'), join(outDir, 'web.d.ts'));
copyFileSync(join(root, 'npm', 'README.md'), join(outDir, 'README.md'));
for (const license of ['LICENSE', 'LICENSE.md', 'LICENSE-MIT']) {
  if (existsSync(join(root, license))) copyFileSync(join(root, license), join(outDir, license));
}

const crate = cargoPackage();
const manifest = {
  name: 'iamsim',
  version: crate.version,
  description: crate.description,
  license: crate.license,
  repository: { type: 'git', url: crate.repository },
  keywords: [...new Set([...(crate.keywords ?? []), 'aws-iam', 'webassembly', 'policy-simulator'])],
  type: 'module',
  main: './node.cjs',
  module: './browser.js',
  types: './index.d.ts',
  exports: {
    '.': {
      node: {
        import: { types: './index.d.ts', default: './node.mjs' },
        require: { types: './index.d.cts', default: './node.cjs' },
      },
      browser: { types: './index.d.ts', default: './browser.js' },
      import: { types: './index.d.ts', default: './browser.js' },
      require: { types: './index.d.cts', default: './node.cjs' },
      default: { types: './index.d.ts', default: './browser.js' },
    },
    './web': { types: './web.d.ts', default: './web.js' },
    './iamsim_bg.wasm': './iamsim_bg.wasm',
    './package.json': './package.json',
  },
  files: ['iamsim_bg.wasm', 'node.cjs', 'node.mjs', 'browser.js', 'web.js', 'index.d.ts', 'index.d.cts',
    'web.d.ts', 'README.md', 'LICENSE*'],
  sideEffects: ['./browser.js', './node.cjs', './node.mjs'],
  engines: { node: '>=20' },
};
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const wasm = readFileSync(join(outDir, 'iamsim_bg.wasm'));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.error(`[pkg] built ${outDir}: iamsim@${crate.version}, iamsim_bg.wasm ${kib(statSync(join(outDir, 'iamsim_bg.wasm')).size)}`
  + ` (${kib(gzipSync(wasm, { level: 9 }).length)} gzipped)`);
