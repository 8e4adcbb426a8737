/** Redis pub/sub channel announcing that a run's event log grew; the message is the newest seq. */
export function runChannel(prefix: string, runId: string): string {
  return `${prefix}:run-events:${runId}`;
}
