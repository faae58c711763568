/**
 * The log screen's state (SPEC 9): a bounded window of lines, following the end or scrolled back, wrap,
 * a search, and which streams. Pure, so every key can be tested without a terminal. The action history
 * (`a`) is the same view with its newest line at the top: there, following means staying at the top.
 */
import type { LogStream } from '../ports.js';

/** The most lines the screen keeps: a 1 GB log opens as fast as a small one. */
export const LOG_WINDOW = 5_000;
/** How many lines a log opens with. */
export const LOG_TAIL = 1_000;

export type StreamChoice = 'both' | 'stdout' | 'stderr';

export const STREAMS_OF: Record<StreamChoice, LogStream[]> = {
  both: ['stdout', 'stderr'],
  stdout: ['stdout'],
  stderr: ['stderr'],
};

const NEXT_STREAM: Record<StreamChoice, StreamChoice> = { both: 'stdout', stdout: 'stderr', stderr: 'both' };

export interface LogView {
  stream: StreamChoice;
  lines: string[];
  /** Where new lines arrive: at the end (a log), or at the top (the history, newest first). */
  edge: 'end' | 'top';
  /** At the edge where lines arrive, showing them; else `top` is the first line shown. */
  following: boolean;
  top: number;
  wrap: boolean;
  /** The search in force, and what is being typed after `/`. */
  search: string | undefined;
  typing: string | undefined;
  /** Why (some of) the log cannot be read. */
  problem: string | undefined;
  loading: boolean;
}

export type LogViewAction =
  | { type: 'loaded'; lines: string[]; problem: string | undefined }
  | { type: 'appended'; lines: string[] }
  | { type: 'scroll'; by: number; height: number }
  | { type: 'home' }
  | { type: 'end'; height: number }
  | { type: 'wrap' }
  | { type: 'next-stream' }
  | { type: 'type'; text: string | undefined }
  | { type: 'type-cancel' }
  | { type: 'find'; direction: 1 | -1; height: number };

export function initialLogView(edge: LogView['edge'] = 'end'): LogView {
  return {
    stream: 'both',
    lines: [],
    edge,
    following: true,
    top: 0,
    wrap: false,
    search: undefined,
    typing: undefined,
    problem: undefined,
    loading: true,
  };
}

/** The first line of the last screenful. */
const bottomTop = (view: LogView, height: number) => Math.max(0, view.lines.length - height);
/** The first line shown when following: a screen's height up from the end, or the top. */
const followTop = (view: LogView, height: number) => (view.edge === 'end' ? bottomTop(view, height) : 0);

function find(view: LogView, direction: 1 | -1, height: number): LogView {
  if (!view.search) return view;
  const needle = view.search.toLowerCase();
  // Newest first and at the top, the top line itself is the first one looked at.
  const from = view.following ? (view.edge === 'top' ? -1 : followTop(view, height)) : view.top;
  for (let step = 1; step <= view.lines.length; step += 1) {
    const index = (from + direction * step + view.lines.length * 2) % view.lines.length;
    if (view.lines[index]!.toLowerCase().includes(needle))
      return { ...view, following: false, top: index, problem: undefined };
  }
  return { ...view, problem: `not found: ${view.search}` };
}

export function logViewReducer(view: LogView, action: LogViewAction): LogView {
  switch (action.type) {
    case 'loaded':
      return {
        ...view,
        lines: view.edge === 'end' ? action.lines.slice(-LOG_WINDOW) : action.lines.slice(0, LOG_WINDOW),
        problem: action.problem,
        loading: false,
        following: true,
        top: 0,
      };
    case 'appended': {
      if (view.edge === 'top') {
        // Newest first: what arrives goes on top, and a scrolled view keeps showing the same lines.
        const lines = [...action.lines, ...view.lines].slice(0, LOG_WINDOW);
        return { ...view, lines, top: view.following ? 0 : Math.min(view.top + action.lines.length, lines.length - 1) };
      }
      const all = [...view.lines, ...action.lines];
      const cut = Math.max(0, all.length - LOG_WINDOW);
      return { ...view, lines: cut > 0 ? all.slice(cut) : all, top: Math.max(0, view.top - cut) };
    }
    case 'scroll': {
      const start = view.following ? followTop(view, action.height) : view.top;
      const top = Math.min(Math.max(0, start + action.by), bottomTop(view, action.height));
      const backAtEdge =
        view.edge === 'end' ? top >= bottomTop(view, action.height) && action.by > 0 : top === 0 && action.by < 0;
      return { ...view, top, following: view.edge === 'top' && view.following && top === 0 ? true : backAtEdge };
    }
    case 'home':
      return view.edge === 'end' ? { ...view, top: 0, following: false } : { ...view, top: 0, following: true };
    case 'end':
      return view.edge === 'end'
        ? { ...view, following: true }
        : { ...view, top: bottomTop(view, action.height), following: false };
    case 'wrap':
      return { ...view, wrap: !view.wrap };
    case 'next-stream':
      return { ...initialLogView(view.edge), stream: NEXT_STREAM[view.stream], wrap: view.wrap, search: view.search };
    case 'type':
      // Enter commits what was typed (an empty search clears it); Esc gives up typing.
      if (action.text === undefined)
        return view.typing === undefined ? view : { ...view, typing: undefined, search: view.typing || undefined };
      return { ...view, typing: action.text };
    case 'type-cancel':
      return { ...view, typing: undefined };
    case 'find':
      return find(view, action.direction, action.height);
  }
}

/** The lines on screen: `height` rows, counting a wrapped line as the rows it takes. */
export function visibleLog(view: LogView, height: number, width: number): string[] {
  const rows = (line: string) => (view.wrap ? Math.max(1, Math.ceil(line.length / Math.max(1, width))) : 1);
  if (view.following && view.edge === 'end') {
    const shown: string[] = [];
    let used = 0;
    for (let index = view.lines.length - 1; index >= 0 && used + rows(view.lines[index]!) <= height; index -= 1) {
      shown.unshift(view.lines[index]!);
      used += rows(view.lines[index]!);
    }
    return shown;
  }
  const shown: string[] = [];
  let used = 0;
  for (
    let index = view.following ? 0 : view.top;
    index < view.lines.length && used + rows(view.lines[index]!) <= height;
    index += 1
  ) {
    shown.push(view.lines[index]!);
    used += rows(view.lines[index]!);
  }
  return shown;
}
