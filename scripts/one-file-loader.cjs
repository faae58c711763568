// The one-file install's own script (scripts/one-file.mjs makes the executable): it runs the command its
// link is named after (`process.argv0`: `service`, `hypcontrol`, else the panel). Each command is a bundle
// of its own, kept in the executable with the V8 code cache a run of it left (scripts/one-file-train.cjs):
// a command loads only its own code, and finds it compiled.
'use strict';
const path = require('node:path');
const vm = require('node:vm');
const sea = require('node:sea');

/**
 * How a command's bundle is compiled, here and when its cache is made: V8 takes a cache only for the same
 * source compiled the same way.
 */
function bundleScriptOptions(file, cachedData) {
  return { filename: path.basename(file), cachedData };
}
module.exports = { bundleScriptOptions };

/** The bundle a name runs. */
function commandOf(called) {
  if (called === 'service' || called === 'canopsis-service') return 'service';
  return called === 'hypcontrol' ? 'hypcontrol' : 'canopsis-tui';
}

if (sea.isSea()) {
  const command = commandOf(path.basename(process.argv0));
  const file = `${command}.js`;
  const cache = Buffer.from(sea.getAsset(file.replace(/\.js$/, '.cache')));
  const script = new vm.Script(sea.getAsset(file, 'utf8'), bundleScriptOptions(file, cache));
  // Said only when asked: a cache V8 refuses (another node, other V8 flags) costs time, not correctness.
  if (process.env.CANOPSIS_TUI_DEBUG)
    process.stderr.write(`code cache: ${script.cachedDataRejected ? 'refused' : 'used'}\n`);
  script.runInThisContext()(exports, require, module, __filename, __dirname);
  // The panel's young generation stays at its first size (the folder form runs node with a small one): V8
  // otherwise doubles it to 2 x 16 MB while the panel reads 1000 processes and keeps it for a minute. A
  // single executable on Node 20 takes no node options, and V8 sizes the heap's limits once, but reads this
  // flag at each growth. Set only now: a V8 flag changed before would make V8 refuse the code cache above.
  if (command === 'canopsis-tui') require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}
