/**
 * The abort controllers of the nodes this worker process is running, by run, so a cancel
 * broadcast (or the run failing elsewhere) stops them promptly.
 */
export class RunAborts {
  private readonly byRun = new Map<string, Set<AbortController>>();

  register(runId: string): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    let set = this.byRun.get(runId);
    if (!set) {
      set = new Set();
      this.byRun.set(runId, set);
    }
    set.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        const current = this.byRun.get(runId);
        current?.delete(controller);
        if (current?.size === 0) this.byRun.delete(runId);
      },
    };
  }

  abortRun(runId: string, reason: string): number {
    const set = this.byRun.get(runId);
    if (!set) return 0;
    for (const controller of set) controller.abort(new Error(reason));
    return set.size;
  }

  get running(): number {
    let n = 0;
    for (const set of this.byRun.values()) n += set.size;
    return n;
  }
}
