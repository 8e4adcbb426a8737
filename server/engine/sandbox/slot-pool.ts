/**
 * A counting semaphore with a per-tenant cap: at most `total` holders at once, at most `perKey` of
 * them with the same key (a workspace), so one tenant can never hold every slot. Waiters are served
 * in arrival order among those whose key is under its cap; a waiter whose signal aborts leaves the
 * queue at once and its acquire rejects with the signal's reason.
 */
export class SlotPool {
  private readonly held = new Map<string, number>();
  private holding = 0;
  private readonly waiters: { key: string; grant: () => void }[] = [];

  constructor(
    readonly total: number,
    readonly perKey: number,
  ) {}

  /** Resolves with a release function once a slot is free for `key`. */
  acquire(key: string, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.fits(key)) return Promise.resolve(this.take(key));
    return new Promise((resolve, reject) => {
      const waiter = {
        key,
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.take(key));
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Holders and waiters right now (for tests and metrics). */
  get stats() {
    return { holding: this.holding, waiting: this.waiters.length };
  }

  private fits(key: string): boolean {
    return this.holding < this.total && (this.held.get(key) ?? 0) < this.perKey;
  }

  private take(key: string): () => void {
    this.holding++;
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holding--;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
      this.grantNext();
    };
  }

  private grantNext() {
    for (let i = 0; i < this.waiters.length && this.holding < this.total; ) {
      const waiter = this.waiters[i]!;
      if (this.fits(waiter.key)) {
        this.waiters.splice(i, 1);
        waiter.grant();
      } else i++;
    }
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("Aborted");
}
