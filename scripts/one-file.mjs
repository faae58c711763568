#!/usr/bin/env node
// npm run build, last part: dist/canopsis-tui-linux-x64, the whole install in one file (README: "One file").
// Node's single executable applications on Node 20 (FIELD-NOTES "Start-up on Node 20"): each command bundled
// into a CommonJS script of its own and trained into a V8 code cache (scripts/one-file-training.mjs), both
// kept as assets of a blob made with `node --experimental-sea-config` around scripts/one-file-loader.cjs,
// injected with postject into a copy of this very node binary (a code cache is only valid for the binary
// that made it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { common, repo } from './bundle-common.mjs';
import { train, trainingRun, withTrainingHome } from './one-file-training.mjs';

const work = path.join(repo, 'dist/one-file');
const output = path.join(repo, 'dist/canopsis-tui-linux-x64');

/**
 * The top-level awaits a CommonJS script cannot hold: Ink's development-only ones (React devtools, its
 * package.json), and yoga-layout's (given scripts/yoga-later.mjs instead).
 */
const withoutTopLevelAwait = {
  name: 'without-top-level-await',
  setup(bundle) {
    bundle.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const awaits = ["await import('./devtools.js');", '? await loadPackageJson()'];
      if (!awaits.every((text) => source.includes(text)))
        throw new Error('ink/build/reconciler.js changed: its top-level awaits were not found');
      return { contents: source.replace(awaits[0], '').replace(awaits[1], '? {}'), loader: 'js' };
    });
    // Ink's `import Yoga from 'yoga-layout'` (the module with the top-level await), not yoga-layout/load.
    bundle.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: path.join(repo, 'scripts/yoga-later.mjs') }));
  },
};

/** Each command's entry: what it runs, and what it says if that fails before the command can report. */
const failed = (name) =>
  `(error) => { process.stderr.write(\`${name}: internal error: \${error.message}\\n\`); process.exit(1); }`;
const entries = {
  service: `import path from 'node:path'; import { runService } from '../dist/cli/run-service.js';
    runService(path.basename(process.argv0)).catch(${failed('service')});`,
  hypcontrol: `import { runHypcontrol } from '../dist/cli/run-hypcontrol.js';
    runHypcontrol().catch(${failed('hypcontrol')});`,
  // yoga's WebAssembly is loaded before the panel's modules (scripts/yoga-later.mjs).
  'canopsis-tui': `import { ready } from './yoga-later.mjs'; import { runPanel, withoutFetch } from '../dist/cli/run-panel.js';
    withoutFetch(ready).then(runPanel).catch(${failed('canopsis-tui')});`,
};

/**
 * esbuild's CommonJS output gives each module that imports a node module (node:fs in fourteen of ours) its
 * own copy of that module's properties (`__toESM`); made once per module instead, a start saves several ms.
 * The copies are only read, so sharing one is the same; a module whose exports grew since (a require
 * cycle) is copied again.
 */
function toESMOnce(source) {
  const helper = 'var __toESM = (mod, isNodeMode, target) =>';
  if (!source.includes(helper)) throw new Error("esbuild's __toESM helper changed: it was not found");
  const once = [
    'var __toESMMade = [new WeakMap(), new WeakMap()];',
    'var __toESM = (mod, isNodeMode) => {',
    '  if (mod === null || typeof mod !== "object") return __toESMEach(mod, isNodeMode);',
    '  const made = __toESMMade[isNodeMode ? 1 : 0];',
    '  const keys = Object.getOwnPropertyNames(mod).length;',
    '  let copy = made.get(mod);',
    '  if (!copy || copy.keys !== keys) made.set(mod, (copy = { keys, esm: __toESMEach(mod, isNodeMode) }));',
    '  return copy.esm;',
    '};',
    'var __toESMEach = (mod, isNodeMode, target) =>',
  ];
  return source.replace(helper, once.join(' '));
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const assets = {};
for (const [command, contents] of Object.entries(entries)) {
  const bundled = path.join(work, `${command}.bundle.cjs`);
  await build({
    stdin: { contents, resolveDir: path.join(repo, 'scripts'), sourcefile: `${command}-entry.mjs` },
    ...common,
    format: 'cjs',
    outfile: bundled,
    plugins: [...common.plugins, withoutTopLevelAwait],
    logLevel: 'error',
  });
  // Wrapped as node wraps a CommonJS module: the loader and the trainer hand it the same five names.
  const file = path.join(work, `${command}.js`);
  const source = toESMOnce(fs.readFileSync(bundled, 'utf8'));
  fs.writeFileSync(file, `(function (exports, require, module, __filename, __dirname) {${source}\n})`);
  assets[`${command}.js`] = file;
  assets[`${command}.cache`] = path.join(work, `${command}.cache`);
}
const trainedWith = await withTrainingHome((home, env) => {
  for (const command of Object.keys(entries))
    train(trainingRun(command, assets[`${command}.js`], assets[`${command}.cache`], home), env);
});

const config = path.join(work, 'sea-config.json');
const blob = path.join(work, 'canopsis-tui.blob');
fs.writeFileSync(
  config,
  JSON.stringify({
    main: path.join(repo, 'scripts/one-file-loader.cjs'),
    output: blob,
    disableExperimentalSEAWarning: true,
    assets,
  }),
);
/** Runs a step quietly (postject warns about ELF notes it does not need); its words are shown if it fails. */
const step = (args) => {
  try {
    execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`one file: ${path.basename(args[0])} failed`);
  }
};
step(['--experimental-sea-config', config]);
fs.copyFileSync(process.execPath, output);
fs.chmodSync(output, 0o755);
step([
  path.join(repo, 'node_modules/postject/dist/cli.js'),
  output,
  'NODE_SEA_BLOB',
  blob,
  '--sentinel-fuse',
  'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
]);
const size = fs.statSync(output).size;
console.log(
  `one file: ${path.relative(repo, output)} (${(size / 2 ** 20).toFixed(0)} MB, node ${process.version}, ` +
    `code caches trained ${trainedWith})`,
);
