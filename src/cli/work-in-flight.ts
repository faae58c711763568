/**
 * What the panel has asked and not heard back: the actions that change the platform. When the link drops
 * (SIGHUP), they are let complete, so that a restart never stays half done and the journal gets its
 * outcome (SPEC 11); the panel then ends.
 */
import type { TuiSession } from '../control/tui-session-api.js';

export interface TrackedSession {
  session: TuiSession;
  /** Whether an action is in flight now. */
  busy(): boolean;
  /** Resolves once every action in flight has ended (however it ended). */
  settled(): Promise<void>;
}

export function trackWork(session: TuiSession): TrackedSession {
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    const done = () => void pending.delete(work);
    work.then(done, done);
    return work;
  };
  return {
    session: {
      ...session,
      act: (request) => track(session.act(request)),
      applyUpdate: (answer, onGroup) => track(session.applyUpdate(answer, onGroup)),
      runPlatform: (verb, signal, onEvent) => track(session.runPlatform(verb, signal, onEvent)),
    },
    busy: () => pending.size > 0,
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
