#!/usr/bin/env node
// npm run build, last part: dist/canopsis-tui-linux-x64, the whole install in one file (README: "One file").
// Node's single executable applications on Node 20 (FIELD-NOTES "Start-up on Node 20"): the three commands
// bundled into one CommonJS script, a blob made with `node --experimental-sea-config` (its V8 code cache
// included), injected with postject into a copy of this very node binary (a blob and its code cache are
// only valid for the binary that made them).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { common, repo } from './bundle-common.mjs';

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

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
await build({
  entryPoints: [path.join(repo, 'scripts/one-file-entry.mjs')],
  ...common,
  format: 'cjs',
  outfile: path.join(work, 'canopsis-tui.cjs'),
  plugins: [withoutTopLevelAwait],
  logLevel: 'error',
});

const config = path.join(work, 'sea-config.json');
const blob = path.join(work, 'canopsis-tui.blob');
fs.writeFileSync(
  config,
  JSON.stringify({
    main: path.join(work, 'canopsis-tui.cjs'),
    output: blob,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
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
console.log(`one file: ${path.relative(repo, output)} (${(size / 2 ** 20).toFixed(0)} MB, node ${process.version})`);
