import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_GRAPH_BYTES } from "@/lib/flow/graph";
import { createWebContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/** Room for the largest graph plus the request envelope. */
const MAX_BODY_BYTES = MAX_GRAPH_BYTES * 2;

async function handler(req: Request) {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return Response.json({ error: { message: `Request too large (limit ${MAX_BODY_BYTES / 1_000_000} MB)` } }, { status: 413 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createWebContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ path, err: error.cause?.message ?? error.message }, "tRPC error");
    },
  });
}

export { handler as GET, handler as POST };
