import { Redis } from "ioredis";
import { runChannel } from "./channels";

/**
 * One Redis subscriber per web process, fanned out in memory to every viewer of a run, so a
 * thousand open canvases cost one Redis connection, not a thousand.
 */
export class RunNotifier {
  private readonly listeners = new Map<string, Set<(seq: number) => void>>();
  private readonly subscriber: Redis;

  constructor(redisUrl: string, private readonly prefix: string) {
    this.subscriber = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    this.subscriber.on("message", (channel: string, message: string) => {
      const seq = Number(message);
      for (const listener of this.listeners.get(channel) ?? []) listener(seq);
    });
    this.subscriber.on("error", () => undefined); // ioredis reconnects by itself; viewers also poll
  }

  /** Calls `listener` whenever the run's event log grows; returns the unsubscribe function. */
  async listen(runId: string, listener: (seq: number) => void): Promise<() => void> {
    const channel = runChannel(this.prefix, runId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        void this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriber.disconnect();
  }
}
