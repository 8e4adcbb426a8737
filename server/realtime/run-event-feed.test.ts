import { afterEach, describe, expect, it, vi } from "vitest";
import type { RunEvent } from "@/lib/run/events";
import { RunEventFeed, type RunFeedSource } from "./run-event-feed";

const RUN = "run_1";
const at = "2026-11-21T10:00:00.000Z";

/** An in-memory event log of one run, with "the log grew" notifications and read counting. */
class FakeLog implements RunFeedSource {
  readonly events: RunEvent[] = [];
  finished = false;
  reads = 0;
  listens = 0;
  unsubscribes = 0;
  private readonly listeners = new Set<(seq: number) => void>();

  get lastSeq(): number {
    return this.events.length;
  }

  /** Appends node.delta events (the terminal one when `last`); notifies unless `silent`. */
  append(count = 1, options: { silent?: boolean } = {}): void {
    for (let i = 0; i < count; i++) {
      const seq = this.lastSeq + 1;
      this.events.push({ seq, at, type: "node.delta", nodeId: "agent", payload: { text: `t${seq}` } });
    }
    if (!options.silent) this.notify();
  }

  finish(options: { silent?: boolean } = {}): void {
    const seq = this.lastSeq + 1;
    this.events.push({ seq, at, type: "run.succeeded", nodeId: null, payload: { tokensIn: 0, tokensOut: 0, costNanoUsd: 0, durationMs: 1 } });
    this.finished = true;
    if (!options.silent) this.notify();
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener(this.lastSeq);
  }

  readEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    this.reads += 1;
    return Promise.resolve(runId === RUN ? this.events.filter((e) => e.seq > afterSeq).slice(0, limit) : []);
  }

  runProgress(runId: string): Promise<{ finished: boolean; lastSeq: number } | null> {
    return Promise.resolve(runId === RUN ? { finished: this.finished, lastSeq: this.lastSeq } : null);
  }

  listen(_runId: string, onSeq: (seq: number) => void): Promise<() => void> {
    this.listens += 1;
    this.listeners.add(onSeq);
    return Promise.resolve(() => {
      this.unsubscribes += 1;
      this.listeners.delete(onSeq);
    });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** Lets every pending promise chain of the fake (which resolves at once) run to its next real wait. */
const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** The events of one `next()` of a follower; fails when the follower ended instead. */
function batchOf(result: IteratorResult<RunEvent[], void>): RunEvent[] {
  if (result.done) throw new Error("the follower ended");
  return result.value;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function collect(batches: AsyncIterable<RunEvent[]>): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  for await (const batch of batches) seen.push(...batch);
  return seen;
}

/** Reads events one by one (as the tRPC procedure yields them) and disconnects after `count`. */
async function takeThenDisconnect(batches: AsyncIterable<RunEvent[]>, count: number): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  if (count === 0) return seen;
  for await (const batch of batches) {
    for (const event of batch) {
      seen.push(event);
      if (seen.length === count) return seen;
    }
  }
  return seen;
}

/** Appends `total` events one per macrotask (the last one terminal), so followers interleave with the writer. */
async function produce(log: FakeLog, total: number): Promise<void> {
  while (log.lastSeq < total - 1) {
    log.append();
    await new Promise((resolve) => setImmediate(resolve));
  }
  log.finish();
}

afterEach(() => {
  vi.useRealTimers();
});

describe("RunEventFeed", () => {
  it("gives a live follower every event in order and stops after the run's final event", async () => {
    const log = new FakeLog();
    const feed = new RunEventFeed(log);
    const following = collect(feed.follow(RUN, 0));
    await produce(log, 25);
    const seen = await following;
    expect(seen.map((e) => e.seq)).toEqual(range(1, 25));
    expect(seen.at(-1)?.type).toBe("run.succeeded");
  });

  it("stops on the final event even while the run's progress still says unfinished", async () => {
    const log = new FakeLog();
    const feed = new RunEventFeed(log);
    const following = collect(feed.follow(RUN, 0));
    log.append(3);
    await settle();
    log.finish();
    log.finished = false; // the run row is updated after the event is written
    const seen = await following;
    expect(seen.map((e) => e.type)).toEqual(["node.delta", "node.delta", "node.delta", "run.succeeded"]);
  });

  it("after seq K yields only the events after K", async () => {
    const log = new FakeLog();
    log.append(10);
    log.finish();
    const seen = await collect(new RunEventFeed(log).follow(RUN, 4));
    expect(seen.map((e) => e.seq)).toEqual(range(5, 11));
  });

  describe("a viewer that disconnects after K events and reconnects after seq K sees 1..N exactly once", () => {
    const N = 30;
    for (const companion of [false, true]) {
      it(companion ? "while another viewer keeps the run followed" : "as the run's only viewer", async () => {
        for (let k = 0; k <= N; k++) {
          const log = new FakeLog();
          const feed = new RunEventFeed(log);
          const other = companion ? collect(feed.follow(RUN, 0)) : null;
          const writing = produce(log, N);
          const before = await takeThenDisconnect(feed.follow(RUN, 0), k);
          const lastSeen = before.at(-1)?.seq ?? 0;
          const after = await collect(feed.follow(RUN, lastSeen));
          await writing;
          const union = [...before, ...after].map((e) => e.seq);
          expect(union, `disconnect after ${k}`).toEqual(range(1, N));
          if (other) expect((await other).map((e) => e.seq)).toEqual(range(1, N));
        }
      });
    }

    it("including when the disconnect happens mid-run and the reconnect comes after more events", async () => {
      for (let k = 1; k < N; k++) {
        const log = new FakeLog();
        const feed = new RunEventFeed(log);
        const first = feed.follow(RUN, 0);
        log.append(k);
        const before = await takeThenDisconnect(first, k);
        expect(log.finished).toBe(false);
        log.append(N - 1 - k); // written while nobody follows
        const after = collect(feed.follow(RUN, before.at(-1)?.seq ?? 0));
        await settle();
        log.finish();
        expect([...before, ...(await after)].map((e) => e.seq), `disconnect after ${k}`).toEqual(range(1, N));
      }
    });
  });

  it("shares log reads among many followers of one run", async () => {
    const followers = 50;
    const log = new FakeLog();
    const feed = new RunEventFeed(log);
    const all = Array.from({ length: followers }, () => collect(feed.follow(RUN, 0)));
    await settle();
    expect(await feed.followerCount(RUN)).toBe(followers);
    const notifications = 20;
    for (let i = 0; i < notifications - 1; i++) {
      log.append(2);
      await settle();
    }
    log.finish();
    const seen = await Promise.all(all);
    for (const events of seen) expect(events.map((e) => e.seq)).toEqual(range(1, 2 * (notifications - 1) + 1));
    // One subscription and about one read per change, not one per follower per change.
    expect(log.listens).toBe(1);
    expect(log.reads).toBeLessThanOrEqual(notifications + 5);
    expect(log.reads).toBeLessThan((followers * notifications) / 10);
  });

  it("re-reads the log on the safety poll when a notification is lost", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const log = new FakeLog();
    log.append(2);
    const feed = new RunEventFeed(log);
    const follower = feed.follow(RUN, 0);
    expect(batchOf(await follower.next()).map((e) => e.seq)).toEqual([1, 2]);
    let delivered: RunEvent[] | undefined;
    const next = follower.next().then((r) => (delivered = batchOf(r)));
    await settle(); // the follower now waits for news
    log.append(1, { silent: true });
    await settle();
    expect(delivered).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2_000);
    await next;
    expect(delivered?.map((e) => e.seq)).toEqual([3]);
    await follower.return(undefined);
  });

  describe("a follower further behind than the cache (over 2,000 events)", () => {
    const total = 3_001;
    const bigLog = () => {
      const log = new FakeLog();
      log.append(total - 1);
      log.finish();
      return log;
    };

    it("gets every event when it is the run's only follower", async () => {
      const seen = await collect(new RunEventFeed(bigLog()).follow(RUN, 0));
      expect(seen.length).toBe(total);
      expect(seen.map((e) => e.seq)).toEqual(range(1, total));
    });

    it("gets every event when it joins late beside a follower at the head", async () => {
      const log = new FakeLog();
      const feed = new RunEventFeed(log);
      const head = feed.follow(RUN, 0);
      const headSeen: RunEvent[] = [];
      // The head follower reads the first 2,999 events as they are written, filling and trimming the cache.
      const headReading = (async () => {
        for await (const batch of head) headSeen.push(...batch);
      })();
      for (let i = 0; i < 6; i++) {
        log.append(500);
        await settle();
      }
      log.append(total - 1 - 3_000);
      await settle();
      const late = collect(feed.follow(RUN, 0));
      await settle();
      log.finish();
      await headReading;
      expect(headSeen.map((e) => e.seq)).toEqual(range(1, total));
      expect((await late).map((e) => e.seq)).toEqual(range(1, total));
    });
  });

  it("ends when its signal aborts while it waits", async () => {
    const log = new FakeLog();
    log.append(2);
    const feed = new RunEventFeed(log);
    const controller = new AbortController();
    const seen = collect(feed.follow(RUN, 0, controller.signal));
    await settle();
    expect(await feed.followerCount(RUN)).toBe(1);
    controller.abort();
    expect((await seen).map((e) => e.seq)).toEqual([1, 2]);
    expect(await feed.followerCount(RUN)).toBe(0);
  });

  it("ends at once when its signal is already aborted", async () => {
    const log = new FakeLog();
    log.append(2);
    const controller = new AbortController();
    controller.abort();
    expect(await collect(new RunEventFeed(log).follow(RUN, 0, controller.signal))).toEqual([]);
    expect(log.unsubscribes).toBe(log.listens);
  });

  it("ends without waiting for the safety poll when the abort lands while it reads", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const log = new FakeLog();
    log.append(2);
    const controller = new AbortController();
    // The first progress check (before events 1–2 are delivered) answers at once; the second,
    // made once the follower has caught up, hangs until released.
    let progressCalls = 0;
    let releaseProgress: (() => void) | undefined;
    const progress = log.runProgress.bind(log);
    log.runProgress = async (runId) => {
      const value = await progress(runId);
      progressCalls += 1;
      if (progressCalls >= 2) await new Promise<void>((resolve) => (releaseProgress = resolve));
      return value;
    };
    const feed = new RunEventFeed(log);
    let ended = false;
    const seen = collect(feed.follow(RUN, 0, controller.signal)).then((events) => {
      ended = true;
      return events;
    });
    await settle();
    expect(releaseProgress).toBeDefined();
    controller.abort(); // the viewer leaves while the feed asks for the run's progress
    releaseProgress?.();
    await settle();
    // No timer has fired: ending must not depend on the 2 s safety poll.
    expect(ended).toBe(true);
    expect((await seen).map((e) => e.seq)).toEqual([1, 2]);
  });

  it("ends at once when the run already finished and the follower has its last event", async () => {
    const log = new FakeLog();
    log.append(4);
    log.finish();
    const feed = new RunEventFeed(log);
    expect(await collect(feed.follow(RUN, log.lastSeq))).toEqual([]);
    expect(await feed.followerCount(RUN)).toBe(0);
  });

  it("ends at once for a run that does not exist", async () => {
    expect(await collect(new RunEventFeed(new FakeLog()).follow("missing", 0))).toEqual([]);
  });

  it("detaches followers: the count returns to 0 and the subscription is dropped with the last one", async () => {
    const log = new FakeLog();
    log.append(3);
    const feed = new RunEventFeed(log);
    const leaver = feed.follow(RUN, 0);
    expect(batchOf(await leaver.next())).toHaveLength(3);
    const stayer = collect(feed.follow(RUN, 0));
    await settle();
    expect(await feed.followerCount(RUN)).toBe(2);
    expect(log.listens).toBe(1);

    await leaver.return(undefined); // a viewer closes its tab
    expect(await feed.followerCount(RUN)).toBe(1);
    expect(log.unsubscribes).toBe(0);
    expect(log.listenerCount).toBe(1);

    log.finish();
    expect((await stayer).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await feed.followerCount(RUN)).toBe(0);
    expect(log.unsubscribes).toBe(1);
    expect(log.listenerCount).toBe(0);

    // Following the run again subscribes anew.
    expect(await collect(feed.follow(RUN, 0))).toHaveLength(4);
    expect(log.listens).toBe(2);
    expect(log.unsubscribes).toBe(2);
  });
});
