import { z } from "zod";
import { createCredential, createCredentialInputSchema, deleteCredential, listCredentials } from "../../services/credentials";
import { providerStatus } from "../../services/provider-status";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

export const credentialRouter = createTRPCRouter({
  /** Circuit breaker state of the workspace's provider endpoints (for admin pages). */
  providerStatus: workspaceProcedure.query(({ ctx, input }) => providerStatus(ctx.db, ctx.providerHealth(), ctx.userId, input.workspaceId)),
  list: workspaceProcedure.query(({ ctx, input }) => listCredentials(ctx.db, ctx.userId, input.workspaceId)),
  create: protectedProcedure.input(createCredentialInputSchema).mutation(({ ctx, input }) => createCredential(ctx.db, ctx.keyRing(), ctx.userId, input, ctx.egressPolicy())),
  delete: protectedProcedure.input(z.object({ credentialId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await deleteCredential(ctx.db, ctx.userId, input.credentialId);
    return { ok: true as const };
  }),
});
