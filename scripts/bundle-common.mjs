// What both builds of npm run build share: the folder form (scripts/bundle.mjs) and the one file
// (scripts/one-file.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringWidthFast } from './string-width-fast.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

/** esbuild options of both bundles. */
export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // React's production build (its development one costs several times the CPU per frame), and the version
  // without a package.json to read it from.
  define: { 'process.env.NODE_ENV': '"production"', CANOPSIS_TUI_VERSION: JSON.stringify(version) },
  // Ink loads its devtools only when DEV=true, and they are not installed.
  external: ['react-devtools-core'],
  // Ink measures each line with string-width: given a fast path for the panel's lines (the file says why).
  plugins: [stringWidthFast],
};
