/**
 * The abort controllers of the nodes this worker process is running, by run, so a cancel
 * broadcast (the whole run, or a few of its nodes) stops them promptly.
 */
export class RunAborts {
  private readonly byRun = new Map<string, Map<AbortController, string>>();

  register(runId: string, nodeId: string): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    let running = this.byRun.get(runId);
    if (!running) {
      running = new Map();
      this.byRun.set(runId, running);
    }
    running.set(controller, nodeId);
    return {
      signal: controller.signal,
      done: () => {
        const current = this.byRun.get(runId);
        current?.delete(controller);
        if (current?.size === 0) this.byRun.delete(runId);
      },
    };
  }

  /** Aborts the run's running nodes here (only `nodeIds` when given); returns how many. */
  abort(runId: string, reason: string, nodeIds?: readonly string[]): number {
    const running = this.byRun.get(runId);
    if (!running) return 0;
    let n = 0;
    for (const [controller, nodeId] of running) {
      if (nodeIds && !nodeIds.includes(nodeId)) continue;
      controller.abort(new Error(reason));
      n++;
    }
    return n;
  }

  get running(): number {
    let n = 0;
    for (const running of this.byRun.values()) n += running.size;
    return n;
  }
}
