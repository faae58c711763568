/**
 * Keys for the log and history screens. The panel reads keys in one place (app.tsx) and hands each to the
 * screen that is up when that key is handled (`routeKey`), so keys a slow link delivers together go where
 * they were typed for: the key that opens one of these screens and those after it are that screen's, and
 * what follows an Esc that leaves it is the panels'. A screen takes its keys once it is up (`take`); keys
 * that came for it before are handled again then, in order, by whatever is up at each (`route`: an Esc
 * among them leaves).
 */
import type { Key } from 'ink';
import type { TuiState } from '../core/panel/tui-state.js';

export type Press = (input: string, key: Key) => void;

export interface KeyRelay {
  /** A key for `screen`, which is up or which a key before this one opened. */
  give(screen: string, input: string, key: Key): void;
  /** The keys waiting for a screen that is no longer coming are dropped. */
  drop(): void;
  /** `screen`, now up, takes its keys until the returned function is called. */
  take(screen: string, press: Press): () => void;
}

/** `route`: where a key goes now (the panel's own reading: back to `give`, or to the panels). */
export function keyRelay(route: Press): KeyRelay {
  let taker: { screen: string; press: Press } | undefined;
  let waiting: Array<[string, Key]> = [];
  return {
    give(screen, input, key) {
      // A screen that is leaving keeps its hold until it is gone: a key for the next one waits.
      if (taker?.screen === screen) taker.press(input, key);
      else waiting.push([input, key]);
    },
    drop() {
      waiting = [];
    },
    take(screen, press) {
      const mine = { screen, press };
      taker = mine;
      const came = waiting;
      waiting = [];
      for (const [input, key] of came) route(input, key);
      return () => {
        if (taker === mine) taker = undefined;
      };
    },
  };
}

/**
 * Where a key goes, by the state the key before it left: to the log or history screen that is up, through
 * the relay (nowhere while the terminal is too small to draw it: nothing plays once it is large again), else
 * to the panels' keys (`panels`), which also answer a question asked on any screen. The update screen reads
 * its own.
 */
export function routeKey(now: TuiState, drawn: boolean, relay: KeyRelay, panels: Press, input: string, key: Key) {
  const lines = now.screen.kind === 'log' || now.screen.kind === 'history';
  if (lines && now.overlay.kind === 'none') return drawn ? relay.give(now.screen.kind, input, key) : undefined;
  relay.drop();
  if (now.screen.kind === 'panels' || now.overlay.kind !== 'none') panels(input, key);
}
