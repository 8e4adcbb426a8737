import type { Db } from "../db";
import type { RunFeedSource } from "../realtime/run-event-feed";
import type { RunNotifier } from "../realtime/run-notifier";
import { isRunFinished, readRunEvents } from "./runs";

/** The live feed's view of the database and of "the log grew" notifications. */
export function runFeedSource(db: Db, notifier: RunNotifier): RunFeedSource {
  return {
    readEvents: (runId, afterSeq, limit) => readRunEvents(db, runId, afterSeq, limit),
    async runProgress(runId) {
      const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, lastSeq: true } });
      return run ? { finished: isRunFinished(run.status), lastSeq: run.lastSeq } : null;
    },
    listen: (runId, onSeq) => notifier.listen(runId, onSeq),
  };
}
