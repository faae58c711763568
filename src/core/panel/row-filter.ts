/** The panels' filter (`/`, SPEC 9): a row's name matched as a substring, or as a glob when it has `*?[`. */
import picomatch from 'picomatch';
import { isPattern, splitNamespec } from '../model/names.js';

/** Whether a name (or its process part, `engine-alerts-0` of `amqp2engines:engine-alerts-0`) matches. */
export function rowMatcher(text: string): (name: string) => boolean {
  const parts = (name: string) => [name, splitNamespec(name).process];
  if (isPattern(text)) {
    const match = picomatch(text, { nocase: true, dot: true, nobrace: true, noextglob: true });
    return (name) => parts(name).some((part) => match(part));
  }
  const needle = text.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}
