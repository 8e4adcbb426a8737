import { tracked } from "@trpc/server";
import { z } from "zod";
import { TERMINAL_RUN_EVENTS, type RunEvent } from "@/lib/run/events";
import { requireRun } from "../../services/access";
import { decideApproval, decideInputSchema } from "../../services/approvals";
import { estimateInputSchema, estimateRunCost } from "../../services/run-estimate";
import { cancelRun, getRun, isRunFinished, listRunsForFlow, readRunEvents, startRun, startRunInputSchema } from "../../services/runs";
import { createTRPCRouter, protectedProcedure, toTrpcError } from "../trpc";

/** How often a viewer re-reads the log even without a notification (covers a lost pub/sub message). */
const SAFETY_POLL_MS = 2_000;

export const runRouter = createTRPCRouter({
  start: protectedProcedure
    .input(startRunInputSchema)
    .mutation(({ ctx, input }) => startRun({ db: ctx.db, queue: ctx.queue, publish: ctx.publish }, ctx.userId, input)),
  cancel: protectedProcedure
    .input(z.object({ runId: z.string().min(1) }))
    .mutation(({ ctx, input }) => cancelRun({ db: ctx.db, pool: ctx.pool, queue: ctx.queue, publish: ctx.publish, publishCancel: ctx.publishCancel }, ctx.userId, input.runId)),
  decide: protectedProcedure
    .input(decideInputSchema)
    .mutation(({ ctx, input }) => decideApproval({ db: ctx.db, pool: ctx.pool, queue: ctx.queue, publish: ctx.publish, publishCancel: ctx.publishCancel }, ctx.userId, input)),
  estimate: protectedProcedure.input(estimateInputSchema).query(({ ctx, input }) => estimateRunCost(ctx.db, ctx.userId, input)),
  get: protectedProcedure.input(z.object({ runId: z.string().min(1) })).query(({ ctx, input }) => getRun(ctx.db, ctx.userId, input.runId)),
  listForFlow: protectedProcedure
    .input(z.object({ flowId: z.string().min(1) }))
    .query(({ ctx, input }) => listRunsForFlow(ctx.db, ctx.userId, input.flowId)),

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
      let after = input.lastEventId ? Number(input.lastEventId) : 0;
      let wake: (() => void) | null = null;
      let pending = true;
      const poke = () => {
        pending = true;
        wake?.();
      };
      const stop = await ctx.listenToRun(input.runId, poke);
      signal?.addEventListener("abort", poke);
      try {
        while (!signal?.aborted) {
          if (!pending) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, SAFETY_POLL_MS);
            });
            wake = null;
          }
          pending = false;
          const events: RunEvent[] = await readRunEvents(ctx.db, input.runId, after);
          for (const event of events) {
            after = event.seq;
            yield tracked(String(event.seq), event);
          }
          if (events.length === 500) pending = true;
          const last = events.at(-1);
          if (last && TERMINAL_RUN_EVENTS.has(last.type)) return;
          if (events.length === 0) {
            const run = await ctx.db.run.findUnique({ where: { id: input.runId }, select: { status: true, lastSeq: true } });
            if (!run || (isRunFinished(run.status) && run.lastSeq <= after)) return;
          }
        }
      } finally {
        stop();
      }
    }),
});
