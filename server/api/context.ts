import { authLimits } from "../auth/limits";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "../auth/options";
import { activeUserId, renewedSessionCookie, sessionToken } from "../auth/session";
import { db } from "../db";
import { egressPolicy } from "../net/egress";
import { clientIp } from "../http/client-ip";
import { webRuntime } from "../runtime";
import type { TrpcContext } from "./trpc";

/**
 * Context for requests arriving over HTTP: the session's user (checked against the database, so
 * a signed-out session is refused on its next call) and the process's connections.
 */
export async function createWebContext({ req, resHeaders }: { req: Request; resHeaders: Headers }): Promise<TrpcContext> {
  const runtime = webRuntime();
  const database = db();
  const token = await sessionToken(req);
  const userId = await activeUserId(database, token);
  if (userId && token) {
    const renewed = await renewedSessionCookie(token, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS);
    if (renewed) resHeaders.append("set-cookie", renewed);
  }
  return {
    db: database,
    pool: runtime.pool,
    keyRing: runtime.keyRing,
    providerHealth: runtime.providerHealth,
    egressPolicy,
    userId,
    queue: runtime.queue,
    publish: runtime.publisher.publish,
    publishCancel: runtime.publisher.publishCancel,
    runFeed: runtime.runFeed,
    clientIp: clientIp(req.headers.get("x-forwarded-for")),
    limits: authLimits(),
  };
}
