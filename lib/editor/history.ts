/** Undo/redo over immutable snapshots; consecutive changes with the same key merge into one step. */
export interface History<T> {
  past: readonly T[];
  future: readonly T[];
  /** Key and time of the last recorded change, so a burst (typing, dragging) is one undo step. */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 200;
/** Changes with the same key closer together than this merge into one step. */
export const MERGE_WINDOW_MS = 1_000;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null, lastAt: 0 };
}

/**
 * Records that the present state `before` is about to change. A change with the same key as the
 * previous one, soon after it, belongs to the same step and records nothing new.
 */
export function record<T>(history: History<T>, before: T, key: string | null, now: number): History<T> {
  if (key !== null && key === history.lastKey && now - history.lastAt < MERGE_WINDOW_MS) return { ...history, lastAt: now };
  const past = [...history.past, before];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [], lastKey: key, lastAt: now };
}

/** Ends a burst, so the next change starts a new step even with the same key. */
export function seal<T>(history: History<T>): History<T> {
  return history.lastKey === null ? history : { ...history, lastKey: null };
}

export function undo<T>(history: History<T>, present: T): { history: History<T>; state: T } | null {
  const previous = history.past.at(-1);
  if (previous === undefined) return null;
  return { history: { past: history.past.slice(0, -1), future: [present, ...history.future], lastKey: null, lastAt: 0 }, state: previous };
}

export function redo<T>(history: History<T>, present: T): { history: History<T>; state: T } | null {
  const next = history.future[0];
  if (next === undefined) return null;
  return { history: { past: [...history.past, present], future: history.future.slice(1), lastKey: null, lastAt: 0 }, state: next };
}
