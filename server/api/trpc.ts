import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { AuthLimits } from "../auth/limits";
import type { Db } from "../db";
import type { EnginePool } from "../engine/kernel";
import type { KeyRing } from "../security/secret-box";
import type { ProviderHealth } from "../engine/models/provider-health";
import type { NetworkPolicy } from "../net/ip-policy";
import type { NodeQueue } from "../queue";
import type { RunEventFeed } from "../realtime/run-event-feed";
import { TooManyAttemptsError } from "../security/rate-limit";
import { requireWorkspaceRole } from "../services/access";
import { findNulCharacter } from "./nul-guard";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../services/errors";

export interface TrpcContext {
  db: Db;
  pool: EnginePool;
  keyRing: () => KeyRing;
  providerHealth: () => ProviderHealth;
  /** Which addresses outbound calls may reach (HTTP_ALLOWED_HOSTS), for checking saved URLs. */
  egressPolicy: () => NetworkPolicy;
  userId: string | null;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
  publishCancel: (runId: string, nodeIds?: readonly string[]) => Promise<void>;
  /** Live run events, shared by every viewer of a run in this process. */
  runFeed: RunEventFeed;
  /** The caller's address (see server/http/client-ip.ts), for per-address limits. */
  clientIp: string;
  limits: AuthLimits;
}

/** Domain errors from services, as the transport errors clients see. */
export function toTrpcError(error: unknown): TRPCError | null {
  if (error instanceof TRPCError) return error;
  if (error instanceof NotFoundError) return new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
  if (error instanceof ForbiddenError) return new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
  if (error instanceof InvalidInputError) return new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
  if (error instanceof ConflictError) return new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
  if (error instanceof TooManyAttemptsError) return new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
  return null;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  // Live run views: the server pings every 2 s, and a client that hears nothing for 5 s (a
  // silently dropped connection) reconnects and resumes from the last event it saw.
  sse: { ping: { enabled: true, intervalMs: 2_000 }, client: { reconnectAfterInactivityMs: 5_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        problems: cause instanceof InvalidInputError ? cause.problems : null,
      },
    };
  },
});

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause);
    if (mapped && mapped !== result.error) throw mapped;
  }
  return result;
});

/**
 * Postgres cannot store U+0000 in text or JSON, so an id, name or graph holding one would fail
 * deep in a query; refuse it here, once, for every procedure.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const where = findNulCharacter(await getRawInput());
  if (where !== null) throw new TRPCError({ code: "BAD_REQUEST", message: `Text must not contain NUL characters (at ${where || "input"})` });
  return next();
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(refuseNul).use(mapDomainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/** For procedures on a workspace: the caller must be at least a viewer; services check finer roles. */
export const workspaceProcedure = protectedProcedure.input(z.object({ workspaceId: z.string().min(1) })).use(async ({ ctx, input, next }) => {
  const role = await requireWorkspaceRole(ctx.db, ctx.userId, input.workspaceId, "viewer");
  return next({ ctx: { ...ctx, role } });
});
