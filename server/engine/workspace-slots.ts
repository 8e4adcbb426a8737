/**
 * Per-workspace fairness inside one worker process: a workspace may hold at most `limit` of the
 * worker's node slots at once, so one tenant flooding the queue cannot starve the others. A node
 * over the limit is not claimed; its job is put back for a moment (see workers/main.ts).
 */
export class WorkspaceSlots {
  private readonly held = new Map<string, number>();

  constructor(readonly limit: number) {}

  tryTake(workspaceId: string): boolean {
    const n = this.held.get(workspaceId) ?? 0;
    if (n >= this.limit) return false;
    this.held.set(workspaceId, n + 1);
    return true;
  }

  release(workspaceId: string): void {
    const n = (this.held.get(workspaceId) ?? 0) - 1;
    if (n > 0) this.held.set(workspaceId, n);
    else this.held.delete(workspaceId);
  }

  heldBy(workspaceId: string): number {
    return this.held.get(workspaceId) ?? 0;
  }
}

/** A workspace's share of a worker's slots: at least one, at most all of them. */
export function workspaceSlotLimit(concurrency: number, share: number): number {
  return Math.max(1, Math.min(concurrency, Math.floor(concurrency * share)));
}
