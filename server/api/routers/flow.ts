import { z } from "zod";
import { versionMessageSchema } from "@/lib/flow/versions";
import {
  createFlow,
  deleteFlow,
  flowNameSchema,
  getFlow,
  getVersion,
  listFlows,
  listVersions,
  prepareRun,
  renameFlow,
  restoreVersion,
  saveDraft,
  saveFlowVersion,
  saveVersion,
} from "../../services/flows";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

const flowId = z.object({ flowId: z.string().min(1) });
const revision = z.number().int().min(0);
const version = z.number().int().min(1);

// Graphs arrive untyped on purpose: the service measures and validates them with the shared schema.
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
  /** Appends a version directly (scripts, tests); the editor autosaves drafts instead. */
  save: protectedProcedure
    .input(flowId.extend({ graph: z.unknown(), baseVersion: z.number().int().min(0).optional(), message: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => saveFlowVersion(ctx.db, ctx.userId, input.flowId, input.graph, input.baseVersion, input.message)),
  saveDraft: protectedProcedure
    .input(flowId.extend({ graph: z.unknown(), baseRevision: revision, force: z.boolean().optional() }))
    .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.userId, input.flowId, input.graph, input.baseRevision, { force: input.force })),
  saveVersion: protectedProcedure
    .input(flowId.extend({ graph: z.unknown(), baseRevision: revision, message: versionMessageSchema }))
    .mutation(({ ctx, input }) => saveVersion(ctx.db, ctx.userId, input.flowId, input)),
  prepareRun: protectedProcedure
    .input(flowId.extend({ baseRevision: revision }))
    .mutation(({ ctx, input }) => prepareRun(ctx.db, ctx.userId, input.flowId, input.baseRevision)),
  versions: protectedProcedure
    .input(flowId.extend({ cursor: version.nullish(), limit: z.number().int().min(1).max(100).optional() }))
    .query(({ ctx, input }) => listVersions(ctx.db, ctx.userId, input.flowId, input.cursor, input.limit)),
  version: protectedProcedure.input(flowId.extend({ version })).query(({ ctx, input }) => getVersion(ctx.db, ctx.userId, input.flowId, input.version)),
  restoreVersion: protectedProcedure
    .input(flowId.extend({ version, baseRevision: revision }))
    .mutation(({ ctx, input }) => restoreVersion(ctx.db, ctx.userId, input.flowId, input.version, input.baseRevision)),
});
