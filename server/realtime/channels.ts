/** Redis pub/sub channel announcing that a run's event log grew; the message is the newest seq. */
export function runChannel(prefix: string, runId: string): string {
  return `${prefix}:run-events:${runId}`;
}

/** Redis pub/sub channel telling every worker to abort the running nodes of a run; the message is the run id. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:cancel-runs`;
}
