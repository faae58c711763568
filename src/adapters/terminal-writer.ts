/**
 * The terminal as Ink sees it: the real stdout, but each frame Ink writes is sent as the few cells that
 * changed (adapters/screen-diff), and never faster than a bad SSH link carries (SPEC 11, FIELD-NOTES "Bytes on
 * a slow link"). A frame that comes while the last one is still, by that measure, on its way replaces any
 * frame waiting: keys go on changing the state, and the screen catches up once with the latest.
 *
 * Ink (standard mode) writes a frame as one string: the erase of its last frame, then the frame, lines
 * ended by '\n'; its synchronized-output marks come as writes of their own. The erase is dropped (frames
 * here are drawn at absolute places in the alternate screen), the marks are put around what is sent.
 */
import { readFrame, screenUpdate, type Screen } from './screen-diff.js';

const BSU = '\u001b[?2026h';
const ESU = '\u001b[?2026l';
/** Ink's erase of its last frame (ansi-escapes' eraseLines): erase line and up, then to column 1. */
// eslint-disable-next-line no-control-regex
const ERASE = /^(?:\u001b\[2K(?:\u001b\[1A)?)*(?:\u001b\[G)?/;
/** What the panel may send per second: under what a bad hotel link carries (8 KB/s), keys pass beside it. */
export const LINK_BYTES_PER_SECOND = 6000;
/**
 * What may go out at once beyond that pace: two whole frames (the first one and the daemon's first answer
 * are not held back), not enough for a held key to leave a backlog of more than a second or two.
 */
export const BURST_BYTES = 12_000;
const CLEAR = '\u001b[m\u001b[H\u001b[2J';

export interface FrameWriter {
  /** What Ink is given as its stdout. */
  stdout: NodeJS.WriteStream;
  /** Drops a frame still waiting, and any frame after: the panel is leaving the screen. */
  close(): void;
}

export interface FrameWriterOptions {
  bytesPerSecond?: number;
  burstBytes?: number;
  now?: () => number;
}

export function frameWriter(out: NodeJS.WriteStream, options: FrameWriterOptions = {}): FrameWriter {
  const rate = options.bytesPerSecond ?? LINK_BYTES_PER_SECOND;
  const now = options.now ?? (() => performance.now());
  let shown: Screen | undefined;
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const burst = options.burstBytes ?? BURST_BYTES;
  // A token bucket: `credit` bytes may go now; it refills at `rate`, up to `burst`; a frame may overdraw it.
  let credit = burst;
  let creditAt = now();
  const refill = () => {
    const at = now();
    if (at > creditAt) credit = Math.min(burst, credit + ((at - creditAt) / 1000) * rate);
    creditAt = at;
  };
  let closed = false;

  const flush = () => {
    timer = undefined;
    if (closed || pending === undefined) return;
    const next = readFrame(pending);
    pending = undefined;
    const update = shown ? screenUpdate(shown, next) : CLEAR + screenUpdate([], next);
    shown = next;
    if (!update) return;
    const bytes = BSU + update + ESU;
    out.write(bytes);
    refill();
    credit -= Buffer.byteLength(bytes);
  };
  const frame = (text: string) => {
    pending = text;
    if (timer) return;
    refill();
    const wait = credit > 0 ? 0 : (-credit / rate) * 1000;
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
  // A resized (or redrawn: cli/canopsis-tui's redrawWhole) terminal is drawn again whole. Registered before
  // Ink's own listener, so the frame Ink draws for the new size finds the screen forgotten.
  out.on('resize', () => (shown = undefined));

  const write = (data: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString();
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (text === BSU || text === ESU) {
      // Put around what this writer sends instead.
    } else if (text.includes('\n')) {
      frame(text.replace(ERASE, ''));
    } else if (text !== '' && text.replace(ERASE, '') === '') {
      // Ink's clear (before its own output, or a narrower terminal): the next frame is drawn whole.
      shown = undefined;
    } else if (!closed) {
      out.write(text);
    }
    done?.();
    return true;
  };
  const stdout = new Proxy(out, {
    get(target, key) {
      if (key === 'write') return write;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    stdout,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
