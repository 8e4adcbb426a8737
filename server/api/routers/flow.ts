import { z } from "zod";
import { createFlow, deleteFlow, flowNameSchema, getFlow, listFlows, renameFlow, saveFlowVersion } from "../../services/flows";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

const flowId = z.object({ flowId: z.string().min(1) });

export const flowRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx, input }) => listFlows(ctx.db, ctx.userId, input.workspaceId)),
  create: workspaceProcedure
    .input(z.object({ name: flowNameSchema }))
    .mutation(({ ctx, input }) => createFlow(ctx.db, ctx.userId, input.workspaceId, input.name)),
  get: protectedProcedure.input(flowId).query(({ ctx, input }) => getFlow(ctx.db, ctx.userId, input.flowId)),
  rename: protectedProcedure
    .input(flowId.extend({ name: flowNameSchema }))
    .mutation(({ ctx, input }) => renameFlow(ctx.db, ctx.userId, input.flowId, input.name)),
  delete: protectedProcedure.input(flowId).mutation(async ({ ctx, input }) => {
    await deleteFlow(ctx.db, ctx.userId, input.flowId);
    return { ok: true as const };
  }),
  // The graph arrives untyped on purpose: the service measures and validates it with the shared schema.
  save: protectedProcedure
    .input(flowId.extend({ graph: z.unknown(), baseVersion: z.number().int().min(0).optional(), message: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => saveFlowVersion(ctx.db, ctx.userId, input.flowId, input.graph, input.baseVersion, input.message)),
});
