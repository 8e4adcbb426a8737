import { Redis } from "ioredis";
import { serverEnv, type ServerEnv } from "../env";
import { RateLimit } from "../security/rate-limit";

/** The limits in front of sign-in and sign-up. */
export interface AuthLimits {
  /** Attempts per account; a success clears it. Over the limit the account is locked for a while. */
  signInAccount: RateLimit;
  /** Failed attempts per client address, any account. */
  signInIp: RateLimit;
  signUpIp: RateLimit;
}

type LimitConfig = Pick<ServerEnv, "RATE_LIMIT_SIGN_IN_FAILURES" | "RATE_LIMIT_SIGN_IN_PER_IP" | "RATE_LIMIT_SIGN_UPS_PER_IP">;

const FIFTEEN_MINUTES = 15 * 60;

export function createAuthLimits(redis: Redis, prefix: string, config: LimitConfig): AuthLimits {
  return {
    signInAccount: new RateLimit(redis, prefix, "sign-in-account", { points: config.RATE_LIMIT_SIGN_IN_FAILURES, windowSeconds: FIFTEEN_MINUTES, blockSeconds: FIFTEEN_MINUTES }),
    signInIp: new RateLimit(redis, prefix, "sign-in-ip", { points: config.RATE_LIMIT_SIGN_IN_PER_IP, windowSeconds: FIFTEEN_MINUTES, blockSeconds: FIFTEEN_MINUTES }),
    signUpIp: new RateLimit(redis, prefix, "sign-up-ip", { points: config.RATE_LIMIT_SIGN_UPS_PER_IP, windowSeconds: 60 * 60, blockSeconds: 0 }),
  };
}

const globalForLimits = globalThis as unknown as { orchestraAuthLimits?: AuthLimits };

/** The web process's limits, on a Redis connection of their own, made on first use. */
export function authLimits(): AuthLimits {
  if (!globalForLimits.orchestraAuthLimits) {
    const env = serverEnv();
    // One retry, then a failing command falls back to in-memory counting.
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined);
    globalForLimits.orchestraAuthLimits = createAuthLimits(redis, env.QUEUE_PREFIX, env);
  }
  return globalForLimits.orchestraAuthLimits;
}
