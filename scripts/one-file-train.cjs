// Makes the V8 code cache of one command of the one-file install (scripts/one-file.mjs): runs that command's
// bundle, compiled exactly as the executable compiles it (scripts/one-file-loader.cjs), on a training home,
// and when the run ends writes the cache of every function it compiled. The executable's own `useCodeCache`
// holds only what V8 compiles before a script runs (the top level), so every function a command calls was
// compiled again on each start; a cache made after a run holds them.
//   node scripts/one-file-train.cjs BUNDLE CACHE SECONDS [ARG...]
// Run by the node binary the executable is made from: a cache is only valid for the V8 that made it.
'use strict';
const fs = require('node:fs');
const vm = require('node:vm');
const { bundleScriptOptions } = require('./one-file-loader.cjs');

const [bundle, cache, seconds] = process.argv.splice(2, 3);
const script = new vm.Script(fs.readFileSync(bundle, 'utf8'), bundleScriptOptions(bundle));
process.on('exit', () => fs.writeFileSync(cache, script.createCachedData()));
// A command that does not end by itself (the panel) is ended here; what it compiled until then is kept.
setTimeout(() => process.exit(0), Number(seconds) * 1000).unref();
script.runInThisContext()(exports, require, module, __filename, __dirname);
