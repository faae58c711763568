/** When a value last changed, for what fades with time on the screen (messages, a run's stage results). */
import { useRef } from 'react';

/** How long a message stays on its line (an error longer); the journal (`a`) keeps them all. */
export const MESSAGE_FADE_MS = 30_000;
export const ERROR_FADE_MS = 120_000;
/** How long a stage title keeps the result of a platform run that ended. */
export const STAGE_RESULT_MS = 60_000;

/** When `value` last changed (by identity), by `now`. */
export function useChangedAt<T>(value: T, now: () => number): number {
  const seen = useRef<{ value: T; at: number } | undefined>(undefined);
  if (!seen.current || seen.current.value !== value) seen.current = { value, at: now() };
  return seen.current.at;
}
