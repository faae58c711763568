// An esbuild plugin for both bundles (scripts/bundle-common.mjs): string-width, with which Ink measures every
// line it lays out, takes a fast path only for strings of plain ASCII. A line of the panel holds a state mark
// (●), a selection mark (›) or a box-drawing rule, so every line took the slow path (Intl.Segmenter and
// Unicode-property regular expressions, whose first use compiles them: ~45 ms of the panel's first frame,
// ~60 ms over its first second). Hand-written: no package measures faster while giving string-width's own
// answers. It is given a second fast path: a string (its ANSI codes set aside, as string-width does) made
// only of characters that never join their neighbours into one grapheme (ASCII, Latin-1, general punctuation,
// arrows, box drawing, block elements, geometric shapes) is as wide as the sum of its characters, each as
// wide as this very string-width measured it alone when the bundle was made (most are 1; the others are
// listed). Any other string goes to string-width as before. test/unit/string-width-fast.test.ts compares both.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The characters that never join a neighbour into one grapheme, as ranges of code points. */
export const RANGES = [
  [0x20, 0x7e],
  [0xa1, 0xac],
  [0xae, 0xff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x21ff],
  [0x2500, 0x25ff],
];
const hex = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
const independent = `/^[${RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]*$/`;

/** The characters of the ranges that `stringWidth` does not measure 1 wide, with their widths. */
function notOneWide(stringWidth) {
  const widths = {};
  for (const [from, to] of RANGES)
    for (let code = from; code <= to; code += 1) {
      const width = stringWidth(String.fromCharCode(code));
      if (width !== 1) widths[String.fromCharCode(code)] = width;
    }
  return widths;
}

const fastPath = (widths) => `
const stringWidthNotOne = new Map(Object.entries(${JSON.stringify(widths)}));
const INDEPENDENT = ${independent};
export default function stringWidth(input, options) {
  if (options !== undefined || typeof input !== 'string') return stringWidthOfGraphemes(input, options);
  const text = input.includes('\\u001B') || input.includes('\\u009B') ? stripAnsi(input) : input;
  if (!INDEPENDENT.test(text)) return stringWidthOfGraphemes(input);
  let width = text.length;
  if (!/^[\\u0020-\\u007E]*$/.test(text))
    for (const character of text) width += (stringWidthNotOne.get(character) ?? 1) - 1;
  return width;
}
`;

export const stringWidthFast = {
  name: 'string-width-fast',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const head = 'export default function stringWidth(';
      if (!source.includes(head) || !source.includes('import stripAnsi from'))
        throw new Error(`${args.path} changed: its stringWidth export or its stripAnsi import was not found`);
      const { default: stringWidth } = await import(pathToFileURL(args.path).href);
      const contents = source.replace(head, 'function stringWidthOfGraphemes(') + fastPath(notOneWide(stringWidth));
      return { contents, loader: 'js' };
    });
  },
};
