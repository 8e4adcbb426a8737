import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_BATCH_SIZE } from "@/lib/api-limits";
import { MAX_GRAPH_BYTES } from "@/lib/flow/graph";
import { createWebContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { BodyTooLargeError, readBodyWithin, tooLargeResponse } from "@/server/http/bounded-body";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/** Room for the largest graph plus the request envelope. */
const MAX_BODY_BYTES = MAX_GRAPH_BYTES * 2;

/**
 * The body is read here, counting bytes, before tRPC sees it: a chunked upload has no
 * Content-Length to check, and tRPC would otherwise buffer all of it.
 */
async function handler(req: Request) {
  let bounded = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    try {
      const body = await readBodyWithin(req, MAX_BODY_BYTES);
      bounded = new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLargeResponse(error);
      throw error;
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: bounded,
    router: appRouter,
    createContext: createWebContext,
    maxBatchSize: MAX_BATCH_SIZE,
    onError({ error, path }) {
      // The logger blanks secret-looking text (keys, tokens, passwords) in `err`.
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ path, err: error.cause?.message ?? error.message }, "tRPC error");
    },
  });
}

export { handler as GET, handler as POST };
