#!/usr/bin/env node
// npm run build, second half: the three commands bundled by esbuild into one self-contained folder,
// dist/canopsis-tui/ (launchers + lib/*.mjs), which runs with a plain `node` (>= 20) and no node_modules.
// Copying that folder to a host is an install (README: Installing on a Canopsis host). The repo's bin/
// scripts run the same files. Bundled, each command loads a few files instead of hundreds of modules.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { common, repo, version } from './bundle-common.mjs';

const out = path.join(repo, 'dist/canopsis-tui');

fs.rmSync(out, { recursive: true, force: true });
fs.rmSync(path.join(repo, 'dist/bundle'), { recursive: true, force: true });
await build({
  entryPoints: {
    service: path.join(repo, 'dist/cli/service-bin.js'),
    hypcontrol: path.join(repo, 'dist/cli/hypcontrol-bin.js'),
    'canopsis-tui': path.join(repo, 'dist/cli/canopsis-tui-bin.js'),
  },
  ...common,
  splitting: true,
  format: 'esm',
  outdir: path.join(out, 'lib'),
  // .mjs: a copied folder has no package.json to say its .js files are ES modules.
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const check = [
  "const [major, minor] = process.versions.node.split('.').map(Number);",
  'if (major < 20 || (major === 20 && minor < 19)) {',
  '  process.stderr.write(`needs Node.js 20.19 or newer, found ${process.version}\\n`);',
  '  process.exit(1);',
  '}',
].join('\n');
// A smaller young generation keeps the resident memory of a long-running panel lower (bench/RESULTS.md).
const shebangs = {
  service: '#!/usr/bin/env node',
  hypcontrol: '#!/usr/bin/env node',
  'canopsis-tui': '#!/usr/bin/env -S node --max-semi-space-size=4',
};
for (const [name, shebang] of Object.entries(shebangs)) {
  const launcher = path.join(out, name);
  fs.writeFileSync(
    launcher,
    `${shebang}\n// canopsis-tui ${version}: ${name}, self-contained (lib/ beside it).\n${check}\nawait import('./lib/${name}.mjs');\n`,
    { mode: 0o755 },
  );
  fs.chmodSync(launcher, 0o755);
}
