import { tracked } from "@trpc/server";
import { z } from "zod";
import { requireRun } from "../../services/access";
import { decideApproval, decideInputSchema } from "../../services/approvals";
import { estimateInputSchema, estimateRunCost } from "../../services/run-estimate";
import { getRunDetail, readRunLog } from "../../services/run-detail";
import { listRuns, listRunsInputSchema } from "../../services/run-list";
import { rerun, rerunInputSchema } from "../../services/rerun";
import { activeRunForFlow, cancelRun, getRun, listRunsForFlow, startRun, startRunInputSchema, type RunStarter } from "../../services/runs";
import { watchRunViewer } from "../live-access";
import { createTRPCRouter, protectedProcedure, toTrpcError, type TrpcContext } from "../trpc";

function runDeps(ctx: TrpcContext): RunStarter {
  return { db: ctx.db, pool: ctx.pool, queue: ctx.queue, publish: ctx.publish, publishCancel: ctx.publishCancel };
}

export const runRouter = createTRPCRouter({
  start: protectedProcedure
    .input(startRunInputSchema)
    .mutation(({ ctx, input }) => startRun(runDeps(ctx), ctx.userId, input)),
  cancel: protectedProcedure
    .input(z.object({ runId: z.string().min(1) }))
    .mutation(({ ctx, input }) => cancelRun(runDeps(ctx), ctx.userId, input.runId)),
  decide: protectedProcedure
    .input(decideInputSchema)
    .mutation(({ ctx, input }) => decideApproval(runDeps(ctx), ctx.userId, input)),
  estimate: protectedProcedure.input(estimateInputSchema).query(({ ctx, input }) => estimateRunCost(ctx.db, ctx.userId, input)),
  get: protectedProcedure.input(z.object({ runId: z.string().min(1) })).query(({ ctx, input }) => getRun(ctx.db, ctx.userId, input.runId)),
  listForFlow: protectedProcedure
    .input(z.object({ flowId: z.string().min(1) }))
    .query(({ ctx, input }) => listRunsForFlow(ctx.db, ctx.userId, input.flowId)),
  detail: protectedProcedure.input(z.object({ runId: z.string().min(1) })).query(({ ctx, input }) => getRunDetail(ctx.db, ctx.userId, input.runId)),
  log: protectedProcedure.input(z.object({ runId: z.string().min(1) })).query(({ ctx, input }) => readRunLog(ctx.db, ctx.userId, input.runId)),
  rerun: protectedProcedure
    .input(rerunInputSchema)
    .mutation(({ ctx, input }) => rerun(runDeps(ctx), ctx.userId, input)),
  activeForFlow: protectedProcedure
    .input(z.object({ flowId: z.string().min(1) }))
    .query(({ ctx, input }) => activeRunForFlow(ctx.db, ctx.userId, input.flowId)),
  /** Top-level runs of a workspace, newest first, keyset-paged (`cursor` = previous `nextCursor`). */
  list: protectedProcedure.input(listRunsInputSchema).query(({ ctx, input }) => listRuns(ctx.db, ctx.userId, input)),

  /**
   * The run's events in sequence order, live. Each is tracked by its seq, so a reconnecting
   * client (SSE Last-Event-ID) resumes after the last one it saw; ends after the run's last event.
   */
  events: protectedProcedure
    .input(z.object({ runId: z.string().min(1), lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      try {
        await requireRun(ctx.db, ctx.userId, input.runId, "viewer");
      } catch (error) {
        throw toTrpcError(error) ?? error;
      }
      // Ends, with an error, once the viewer signs out or leaves the run's workspace.
      const access = await watchRunViewer(ctx.db, ctx.userId, input.runId, signal);
      try {
        for await (const batch of ctx.runFeed.follow(input.runId, input.lastEventId ? Number(input.lastEventId) : 0, access.signal)) {
          access.throwIfLost();
          for (const event of batch) yield tracked(String(event.seq), event);
        }
        access.throwIfLost();
      } finally {
        access.stop();
      }
    }),
});
