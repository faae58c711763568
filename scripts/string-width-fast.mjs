// An esbuild plugin for both bundles (scripts/bundle-common.mjs): string-width, with which Ink measures every
// line it lays out, takes a fast path only for strings of plain ASCII; a line of the panel holds a state
// mark (●), a selection mark (›) or a box-drawing rule, so every line took the slow path (Intl.Segmenter and
// Unicode regular expressions for each character): the panel's first frame spent ~60 ms there. Hand-written:
// no package measures faster while giving string-width's own answers. It is given a second fast path: a
// string made only of characters that never join their neighbours into one grapheme (ASCII, Latin-1, general
// punctuation, arrows, box drawing, block elements, geometric shapes) is as wide as the sum of its characters,
// each measured once by string-width itself. Any other string goes to string-width as before.
import fs from 'node:fs';

const fastPath = `
const stringWidthOfCharacter = new Map();
const INDEPENDENT = /^[\\u0020-\\u007E\\u00A1-\\u00AC\\u00AE-\\u00FF\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u21FF\\u2500-\\u25FF]*$/;
export default function stringWidth(input, options) {
  if (options !== undefined || typeof input !== 'string' || !INDEPENDENT.test(input))
    return stringWidthOfGraphemes(input, options);
  let width = 0;
  for (let index = 0; index < input.length; index += 1) {
    const code = input.charCodeAt(index);
    if (code < 0x7f) width += 1;
    else {
      const character = input[index];
      let known = stringWidthOfCharacter.get(character);
      if (known === undefined) stringWidthOfCharacter.set(character, (known = stringWidthOfGraphemes(character)));
      width += known;
    }
  }
  return width;
}
`;

export const stringWidthFast = {
  name: 'string-width-fast',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const head = 'export default function stringWidth(';
      if (!source.includes(head)) throw new Error(`${args.path} changed: its stringWidth export was not found`);
      return { contents: source.replace(head, 'function stringWidthOfGraphemes(') + fastPath, loader: 'js' };
    });
  },
};
