import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import type { Db } from "../db";
import { settleNode } from "../engine/node-lifecycle";
import type { EnginePool } from "../engine/sql";
import type { NodeQueue } from "../queue";
import { requireRun } from "./access";
import { ConflictError, NotFoundError } from "./errors";

export const decideInputSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(2_000).default(""),
});

export interface DecideDeps {
  db: Db;
  pool: EnginePool;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
}

/**
 * Settles a waiting approval node with a person's decision and resumes the run from there:
 * its value continues down the "approved" or the "rejected" port; nothing that already ran runs again.
 */
export async function decideApproval(deps: DecideDeps, userId: string, input: z.infer<typeof decideInputSchema>) {
  const run = await requireRun(deps.db, userId, input.runId, "editor");
  const waiting = await deps.db.nodeRun.findFirst({
    where: { runId: run.id, nodeId: input.nodeId, status: "waiting" },
    select: { iteration: true, output: true, startedAt: true },
  });
  if (!waiting) {
    const exists = await deps.db.nodeRun.count({ where: { runId: run.id, nodeId: input.nodeId } });
    if (!exists) throw new NotFoundError("Node");
    throw new ConflictError("This node is not waiting for a decision (it may have been decided already)");
  }
  const version = await deps.db.flowVersion.findUniqueOrThrow({ where: { id: run.flowVersionId }, select: { graph: true } });
  const graph = flowGraphSchema.parse(version.graph);
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  const job = { runId: run.id, nodeId: input.nodeId, iteration: waiting.iteration };
  const settled = await settleNode(
    deps.pool,
    job,
    graph,
    { kind: "succeeded", result: { output: waiting.output, takenHandles: [input.decision] } },
    waiting.startedAt?.getTime() ?? Date.now(),
    0,
    { from: "waiting", firstEvents: [{ type: "node.decided", nodeId: input.nodeId, payload: { decision: input.decision, by: user.name ?? user.email, comment: input.comment } }] },
  );
  if (!settled) throw new ConflictError("This run is no longer waiting for this decision");
  await deps.queue.enqueue(settled.ready);
  await deps.publish(run.id, settled.lastSeq);
  return { decided: input.decision };
}
