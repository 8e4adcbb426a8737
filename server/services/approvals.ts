import { z } from "zod";
import * as kernel from "../engine/kernel";
import { requireRun } from "./access";
import { ConflictError, NotFoundError } from "./errors";
import type { RunStarter } from "./runs";

export const decideInputSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(2_000).default(""),
});

/**
 * A person's decision on a node waiting for one: an Approval node continues down the
 * "approved" or "rejected" port; an escalated failure is tried again or fails. The kernel
 * records who decided; nothing that already ran runs again.
 */
export async function decideApproval(deps: RunStarter, userId: string, input: z.infer<typeof decideInputSchema>) {
  const run = await requireRun(deps.db, userId, input.runId, "editor");
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  const result = await kernel.decide(deps, { runId: run.id, nodeId: input.nodeId, decision: input.decision, by: user.name ?? user.email, comment: input.comment });
  if (result === "not_found") throw new NotFoundError("Node");
  if (result === "not_waiting") throw new ConflictError("This node is not waiting for a decision (it may have been decided already)");
  return { decided: input.decision };
}
