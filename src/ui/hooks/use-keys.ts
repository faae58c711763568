/**
 * Ink's useInput for the panels and their overlays, as a slow link delivers keys: several keys in one read
 * are each one press, in order (`splitKeys`), and an Esc that came in the same read as a key that is not a
 * letter or digit is a press of its own, before it. Ink's parser takes ESC and the code point after it as
 * one event and, for such a key, hands useInput the key alone: Esc then `/` typed fast reached the panel as
 * `/` (the help then closed on it, and the search typed next landed on the panels as commands). ESC and a
 * letter or digit arrive as that key with `meta` (Alt-key), which the keymaps already refuse where it
 * matters (a y/N question). This is the panel's one reading of keys: the log and history screens get theirs
 * from it (ui/key-relay), so what follows an Esc that leaves one, in the same read, is the panels'.
 * Hand-written: the raw event is only on Ink's own input emitter (its StdinContext), read here in order.
 */
import { useEffect, useRef } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import { escapeKey, splitKeys } from '../keymap.js';

/** Printable characters that are neither a letter, a digit, nor `[` (which starts a sequence after ESC). */
const PUNCTUATION = /^[!-/:-@\\\]-`{-~]$/;

/** ESC and such a character, one event of Ink's parser. */
const lostEscape = (data: string) => data.length === 2 && data[0] === '\u001B' && PUNCTUATION.test(data[1]!);

export function useKeys(press: (input: string, key: Key) => void, options: { isActive: boolean }): void {
  const { internal_eventEmitter: events } = useStdin();
  const escaped = useRef(false);
  // Registered before useInput's own listener (effects run in order; useInput re-registers after each
  // render), so the flag is that of the event useInput is about to hand over.
  useEffect(() => {
    const raw = (data: string) => {
      escaped.current = lostEscape(data);
    };
    events.on('input', raw);
    return () => {
      events.removeListener('input', raw);
    };
  }, [events]);
  useInput((input, key) => {
    if (escaped.current) {
      escaped.current = false;
      press('', escapeKey());
    }
    for (const [one, itsKey] of splitKeys(input, key)) press(one, itsKey);
  }, options);
}
