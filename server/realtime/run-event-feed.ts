import { TERMINAL_RUN_EVENTS, type RunEvent } from "@/lib/run/events";

/** Where the feed reads from: the run's event log, its progress, and "the log grew" notifications. */
export interface RunFeedSource {
  readEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]>;
  /** Null when the run does not exist (any more). */
  runProgress(runId: string): Promise<{ finished: boolean; lastSeq: number } | null>;
  listen(runId: string, onSeq: (seq: number) => void): Promise<() => void>;
}

export const FEED_BATCH = 500;
/** How many recent events a followed run keeps in memory for viewers that are slightly behind. */
const CACHE_EVENTS = 2_000;
/** How often followers re-read the log even without a notification (covers a lost pub/sub message). */
const SAFETY_POLL_MS = 2_000;

interface FollowedRun {
  /** The cache holds every event with seq in (from, from + events.length]. */
  from: number;
  events: RunEvent[];
  /** Highest seq announced by a notification. */
  announced: number;
  reading: Promise<void> | null;
  waiters: Set<() => void>;
  stop: () => void;
}

/**
 * Live events of runs for every viewer in this process. Viewers of one run share one log read
 * per change instead of each querying the database, so a thousand open canvases on ten runs cost
 * ten reads per event, not a thousand.
 */
export class RunEventFeed {
  /** Followers are counted synchronously, so a viewer leaving never races one arriving. */
  private readonly runs = new Map<string, { ready: Promise<FollowedRun>; followers: number }>();

  constructor(private readonly source: RunFeedSource) {}

  /**
   * The run's events after `afterSeq`, in sequence order and in batches, live until the run's
   * final event (or until `signal` aborts).
   */
  async *follow(runId: string, afterSeq: number, signal?: AbortSignal): AsyncGenerator<RunEvent[]> {
    const entry = this.acquire(runId, afterSeq);
    const run = await entry.ready;
    let after = afterSeq;
    let checkProgress = true;
    try {
      while (!signal?.aborted) {
        const batch = await this.eventsAfter(run, runId, after);
        if (batch.length > 0) {
          after = (batch.at(-1) as RunEvent).seq;
          yield batch;
          if (TERMINAL_RUN_EVENTS.has((batch.at(-1) as RunEvent).type)) return;
          continue;
        }
        if (checkProgress) {
          const progress = await this.source.runProgress(runId);
          if (!progress || (progress.finished && progress.lastSeq <= after)) return;
          if (progress.lastSeq > after) {
            run.announced = Math.max(run.announced, progress.lastSeq);
            continue;
          }
        }
        checkProgress = !(await this.waitForNews(run, after, signal));
        if (checkProgress) await this.refresh(run, runId);
      }
    } finally {
      this.release(runId, entry, run);
    }
  }

  /** Followers currently attached, per run (for tests and metrics). */
  followerCount(runId: string): Promise<number> {
    return Promise.resolve(this.runs.get(runId)?.followers ?? 0);
  }

  private acquire(runId: string, afterSeq: number): { ready: Promise<FollowedRun>; followers: number } {
    let entry = this.runs.get(runId);
    if (!entry) {
      const ready = (async () => {
        const run: FollowedRun = { from: afterSeq, events: [], announced: 0, reading: null, waiters: new Set(), stop: () => undefined };
        run.stop = await this.source.listen(runId, (seq) => {
          run.announced = Math.max(run.announced, seq);
          for (const wake of run.waiters) wake();
        });
        return run;
      })();
      const created = { ready, followers: 0 };
      entry = created;
      this.runs.set(runId, created);
      ready.catch(() => {
        if (this.runs.get(runId) === created) this.runs.delete(runId);
      });
    }
    entry.followers += 1;
    return entry;
  }

  private release(runId: string, entry: { followers: number }, run: FollowedRun) {
    entry.followers -= 1;
    if (entry.followers > 0) return;
    run.stop();
    if (this.runs.get(runId) === entry) this.runs.delete(runId);
  }

  private lastCached(run: FollowedRun): number {
    return run.from + run.events.length;
  }

  private async eventsAfter(run: FollowedRun, runId: string, after: number): Promise<RunEvent[]> {
    // A follower further behind than the cache reaches reads its own backlog.
    if (after < run.from) return this.source.readEvents(runId, after, FEED_BATCH);
    for (let tries = 0; tries < 3 && run.announced > this.lastCached(run); tries++) await this.refresh(run, runId);
    // The refresh may have trimmed the cache past this follower.
    if (after < run.from) return this.source.readEvents(runId, after, FEED_BATCH);
    const start = after - run.from;
    return run.events.slice(start, start + FEED_BATCH);
  }

  /** One read of the log at a time per run; concurrent callers share it. */
  private refresh(run: FollowedRun, runId: string): Promise<void> {
    run.reading ??= (async () => {
      for (;;) {
        const fresh = await this.source.readEvents(runId, this.lastCached(run), FEED_BATCH);
        for (const event of fresh) {
          if (event.seq === this.lastCached(run) + 1) run.events.push(event);
        }
        if (run.events.length > CACHE_EVENTS) {
          const drop = run.events.length - CACHE_EVENTS;
          run.events.splice(0, drop);
          run.from += drop;
        }
        if (fresh.length < FEED_BATCH) return;
      }
    })().finally(() => {
      run.reading = null;
    });
    return run.reading;
  }

  /** Resolves true when a newer event was announced, false after the safety interval or abort. */
  private waitForNews(run: FollowedRun, after: number, signal?: AbortSignal): Promise<boolean> {
    if (run.announced > after) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (news: boolean) => {
        clearTimeout(timer);
        run.waiters.delete(onNews);
        signal?.removeEventListener("abort", onAbort);
        resolve(news);
      };
      const onNews = () => {
        if (run.announced > after) done(true);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), SAFETY_POLL_MS);
      run.waiters.add(onNews);
      signal?.addEventListener("abort", onAbort);
    });
  }
}
