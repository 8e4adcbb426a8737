import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import type { Db } from "../db";
import { requeueEscalated, settleNode } from "../engine/node-lifecycle";
import { NodeError } from "../engine/node-error";
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
  publishCancel?: (runId: string) => Promise<void>;
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
  const node = graph.nodes.find((n) => n.id === input.nodeId);
  if (node && node.type !== "approval") return decideEscalation(deps, job, graph, waiting.output, input.decision, user.name ?? user.email, input.comment);
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

/** A node that failed and asked a person: approval retries it, rejection fails it with its error. */
async function decideEscalation(
  deps: DecideDeps,
  job: { runId: string; nodeId: string; iteration: number },
  graph: ReturnType<typeof flowGraphSchema.parse>,
  parked: unknown,
  decision: "approved" | "rejected",
  by: string,
  comment: string,
) {
  const decided = { type: "node.decided" as const, nodeId: job.nodeId, payload: { decision, by, comment } };
  if (decision === "approved") {
    const requeued = await requeueEscalated(deps.pool, job);
    if (!requeued) throw new ConflictError("This run is no longer waiting for this decision");
    await deps.queue.enqueue([{ ...job, attempt: requeued.attempt + 1 }]);
    await deps.publish(job.runId, requeued.seq);
    return { decided: decision };
  }
  const message = (parked as { error?: string } | null)?.error ?? "Rejected";
  const settled = await settleNode(deps.pool, job, graph, { kind: "failed", error: new NodeError("other", `${message} (rejected by ${by})`) }, Date.now(), 0, {
    from: "waiting",
    firstEvents: [decided],
  });
  if (!settled) throw new ConflictError("This run is no longer waiting for this decision");
  await deps.publish(job.runId, settled.lastSeq);
  if (settled.cancelledRunning.length > 0) await deps.publishCancel?.(job.runId);
  return { decided: decision };
}
