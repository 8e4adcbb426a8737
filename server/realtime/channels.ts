/** Redis pub/sub channel announcing that a run's event log grew; the message is the newest seq. */
export function runChannel(prefix: string, runId: string): string {
  return `${prefix}:run-events:${runId}`;
}

/** Redis pub/sub channel telling every worker to abort running nodes: "<runId>" for all of a run, "<runId>/<node>,<node>" for some. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel-runs`;
}
