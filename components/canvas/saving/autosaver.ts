import type { StoreApi } from "zustand";
import type { FlowGraph } from "@/lib/flow/graph";
import type { EditorState } from "../editor-store";

/** conflict: someone saved since we loaded; invalid: retrying cannot help; transient: try again. */
export type SaveErrorKind = "conflict" | "invalid" | "transient";

export interface SaveState {
  /** saved: nothing unsaved; dirty: edits wait for the next autosave. */
  status: "saved" | "dirty" | "saving" | "error" | "conflict";
  /** When the editable state was last written (draft or version); null before the first save. */
  savedAt: Date | null;
  /** The saved state differs from the newest version. */
  unversioned: boolean;
  /** Why the last save failed (status error or conflict). */
  error: string | null;
  /** When the next automatic retry starts (status error), or null when none is planned. */
  retryAt: number | null;
}

/** A server state the editor moves to: after a version save, a restore, a reload. */
export interface ServerState {
  version?: number;
  revision: number;
  savedAt?: Date | null;
  unversioned?: boolean;
  /** Replaces the canvas graph (restore, reload). */
  graph?: FlowGraph;
}

export interface AutosaveApi {
  saveDraft(input: { graph: FlowGraph; baseRevision: number; force: boolean }): Promise<{ revision: number; savedAt: Date; unversioned: boolean }>;
  /** The flow as stored now (to take the other tab's changes). */
  load(): Promise<Required<Pick<ServerState, "version" | "revision" | "savedAt" | "unversioned" | "graph">>>;
  describeError(error: unknown): { kind: SaveErrorKind; message: string };
}

export interface AutosaveTiming {
  /** Quiet time after the last edit before saving. */
  debounceMs: number;
  /** Longest an edit waits while edits keep coming. */
  maxWaitMs: number;
  /** First automatic retry after a failure; doubles up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_TIMING: AutosaveTiming = { debounceMs: 1_000, maxWaitMs: 5_000, retryBaseMs: 2_000, retryMaxMs: 30_000 };

/** The edit state a save started from: a later edit replaces at least one of these arrays. */
interface Snapshot {
  nodes: EditorState["nodes"];
  edges: EditorState["edges"];
  annotations: EditorState["annotations"];
  revision: number;
  graph: FlowGraph;
  json: string;
}

/**
 * Autosave for one open editor. Edits (the store turning or staying dirty with a new graph) are
 * saved as the flow's draft about a second after the last one, one request at a time, each based
 * on the revision the previous one returned. Edits made while a save is in flight stay unsaved and
 * go in the next one. A conflict (the flow was saved elsewhere) stops autosaving until the person
 * reloads theirs or overwrites; other failures are retried with backoff.
 */
export class Autosaver {
  private state: SaveState;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest edit not yet in any save was made. */
  private pendingSince: number | null = null;
  /** Saves and commits run one at a time, in order: each is based on the revision the last returned. */
  private queue: Promise<unknown> = Promise.resolve();
  private failures = 0;
  /** Above zero while this class itself writes server state into the store (not edits). */
  private applying = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: StoreApi<EditorState>,
    private readonly api: AutosaveApi,
    initial: { savedAt: Date | null; unversioned: boolean },
    private readonly timing: AutosaveTiming = DEFAULT_TIMING,
  ) {
    this.state = { status: store.getState().dirty ? "dirty" : "saved", savedAt: initial.savedAt, unversioned: initial.unversioned, error: null, retryAt: null };
  }

  readonly getState = (): SaveState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts watching the store; returns the stop function (a React effect's cleanup). */
  start(): () => void {
    this.unsubscribe?.();
    this.unsubscribe = this.store.subscribe((now, before) => this.onStoreChange(now, before));
    if (this.store.getState().dirty && this.state.status !== "conflict") {
      this.pendingSince ??= Date.now();
      this.schedule();
    }
    return () => this.stop();
  }

  /**
   * Stops watching. Edits still waiting for their autosave are sent at once: leaving the editor
   * by a link (no beforeunload warning) must not drop them.
   */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const waiting = this.timer !== null || this.retryTimer !== null;
    this.clearTimers();
    if (waiting) void this.autosave();
  }

  /**
   * Saves everything unsaved now (Ctrl/Cmd-S, before a run). Resolves true once the editor holds
   * no unsaved edit, false when a save failed or conflicted (the state says why).
   */
  async flush(): Promise<boolean> {
    this.clearTimers();
    for (;;) {
      const outcome = await this.exclusive(() => this.saveOnce(false));
      if (outcome === "failed") return false;
      if (outcome === "saved") return true;
    }
  }

  /** The Retry button: try again now rather than at the planned time. */
  retry(): Promise<boolean> {
    return this.flush();
  }

  /** Conflict, "Reload theirs": the canvas takes the stored flow (undo brings back the edits). */
  async reloadTheirs(): Promise<void> {
    await this.exclusive(async () => {
      const flow = await this.api.load();
      this.apply(flow, false);
      this.pendingSince = null;
      this.set({ status: "saved", savedAt: flow.savedAt, unversioned: flow.unversioned, error: null, retryAt: null });
    });
  }

  /** Conflict, "Keep mine": saves this editor's graph over whatever was saved elsewhere. */
  async overwrite(): Promise<boolean> {
    this.clearTimers();
    const outcome = await this.exclusive(() => this.saveOnce(true));
    return outcome === "failed" ? false : this.flush();
  }

  /**
   * Runs a server action that moves the flow to a new state (save a version, restore, prepare a
   * run) with no autosave in between, based on this editor's revision and graph, and applies the
   * state it returns. With `flushFirst`, unsaved edits are saved as the draft before.
   */
  async commit<T extends ServerState>(action: (base: { revision: number; graph: FlowGraph }) => Promise<T>, options: { flushFirst: boolean }): Promise<T> {
    if (options.flushFirst && !(await this.flush())) throw new Error(this.state.error ?? "The flow could not be saved");
    return this.exclusive(async () => {
      if (this.state.status === "conflict") throw new Error(this.state.error ?? "The flow was changed elsewhere");
      const base = this.snapshot();
      let result: T;
      try {
        result = await action({ revision: base.revision, graph: base.graph });
      } catch (error) {
        const { kind, message } = this.api.describeError(error);
        if (kind === "conflict") this.conflict(message);
        throw error;
      }
      // A restore replaces the canvas; otherwise edits made meanwhile stay unsaved.
      const edited = !result.graph && this.editedSince(base);
      this.apply(result, edited);
      this.set({ status: edited ? "dirty" : "saved", savedAt: result.savedAt ?? this.state.savedAt, unversioned: result.unversioned ?? false, error: null, retryAt: null });
      if (edited) this.schedule();
      return result;
    });
  }

  private set(patch: Partial<SaveState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private onStoreChange(now: EditorState, before: EditorState) {
    if (this.applying > 0 || !now.dirty) return;
    const edited = !before.dirty || now.nodes !== before.nodes || now.edges !== before.edges || now.annotations !== before.annotations;
    if (!edited) return;
    this.pendingSince ??= Date.now();
    if (this.state.status === "saved") this.set({ status: "dirty" });
    // After a conflict nothing saves by itself: the person decides.
    if (this.state.status !== "conflict") this.schedule();
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    const waited = Date.now() - (this.pendingSince ?? Date.now());
    const delay = Math.max(0, Math.min(this.timing.debounceMs, this.timing.maxWaitMs - waited));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.autosave();
    }, delay);
  }

  /** One automatic attempt; edits made during it have scheduled the next. */
  private async autosave() {
    await this.exclusive(() => this.saveOnce(false));
  }

  /** Saves the draft unless there is nothing to save (or, unless forced, a conflict waits for the person). */
  private async saveOnce(force: boolean): Promise<"saved" | "edited" | "failed"> {
    if (!force && this.state.status === "conflict") return "failed";
    if (!force && !this.store.getState().dirty) return "saved";
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const base = this.snapshot();
    this.pendingSince = null;
    this.set({ status: "saving" });
    try {
      const saved = await this.api.saveDraft({ graph: base.graph, baseRevision: base.revision, force });
      this.failures = 0;
      const edited = this.editedSince(base);
      this.apply({ revision: saved.revision }, edited);
      this.set({ status: edited ? "dirty" : "saved", savedAt: saved.savedAt, unversioned: saved.unversioned, error: null, retryAt: null });
      if (edited && !this.timer) this.schedule();
      return edited ? "edited" : "saved";
    } catch (error) {
      this.fail(error);
      return "failed";
    }
  }

  private fail(error: unknown) {
    const { kind, message } = this.api.describeError(error);
    if (kind === "conflict") return this.conflict(message);
    this.failures += 1;
    const delay = kind === "transient" ? Math.min(this.timing.retryMaxMs, this.timing.retryBaseMs * 2 ** (this.failures - 1)) : null;
    this.set({ status: "error", error: message, retryAt: delay === null ? null : Date.now() + delay });
    if (delay !== null) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.autosave();
      }, delay);
    }
  }

  private conflict(message: string) {
    this.clearTimers();
    this.set({ status: "conflict", error: message, retryAt: null });
  }

  private snapshot(): Snapshot {
    const s = this.store.getState();
    const graph = s.graph();
    return { nodes: s.nodes, edges: s.edges, annotations: s.annotations, revision: s.revision, graph, json: JSON.stringify(graph) };
  }

  /** Whether the graph changed since `base` (a selection alone replaces arrays but not the graph). */
  private editedSince(base: Snapshot): boolean {
    const s = this.store.getState();
    if (s.nodes === base.nodes && s.edges === base.edges && s.annotations === base.annotations) return false;
    return JSON.stringify(s.graph()) !== base.json;
  }

  /** Writes server state into the store; `keepDirty` when the canvas holds newer edits than it. */
  private apply(server: ServerState, keepDirty: boolean) {
    this.applying += 1;
    try {
      const s = this.store.getState();
      if (server.graph) s.replaceGraph(server.graph, { dirty: false });
      const saved = { version: server.version ?? s.version, revision: server.revision };
      if (keepDirty) this.store.setState(saved);
      else this.store.getState().markSaved(saved);
    } finally {
      this.applying -= 1;
    }
  }

  /** Runs `work` once everything queued before it has finished. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const running = this.queue.then(work);
    this.queue = running.catch(() => undefined);
    return running;
  }

  private clearTimers() {
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
  }
}
