/**
 * Per-workspace fairness inside one worker process. A workspace may always hold up to `limit`
 * of the worker's `capacity` slots; beyond that only while a reserve of slots stays free for
 * other tenants. One tenant flooding the queue cannot starve the others, and a worker serving
 * a single tenant still uses (almost) all of its slots. A node that is not admitted is not
 * claimed: its job steps back for a moment (workers/main.ts).
 */
export class WorkspaceSlots {
  private readonly held = new Map<string, number>();
  private total = 0;
  readonly reserve: number;

  constructor(
    readonly limit: number,
    readonly capacity: number = limit,
  ) {
    this.reserve = Math.max(1, Math.floor(capacity / 8));
  }

  tryTake(workspaceId: string): boolean {
    const n = this.held.get(workspaceId) ?? 0;
    if (n >= this.limit && this.capacity - this.total <= this.reserve) return false;
    this.held.set(workspaceId, n + 1);
    this.total++;
    return true;
  }

  release(workspaceId: string): void {
    const n = (this.held.get(workspaceId) ?? 0) - 1;
    if (n > 0) this.held.set(workspaceId, n);
    else this.held.delete(workspaceId);
    this.total = Math.max(0, this.total - 1);
  }

  heldBy(workspaceId: string): number {
    return this.held.get(workspaceId) ?? 0;
  }
}

/** A workspace's guaranteed share of a worker's slots: at least one, at most all of them. */
export function workspaceSlotLimit(concurrency: number, share: number): number {
  return Math.max(1, Math.min(concurrency, Math.floor(concurrency * share)));
}
