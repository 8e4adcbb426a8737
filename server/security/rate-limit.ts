import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** A caller over a limit; `retryAfterMs` says when it may try again. Answered as 429. */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterMs: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    super(`Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}`);
    this.name = "TooManyAttemptsError";
  }
}

export interface LimitRule {
  /** Uses allowed per window and key. */
  points: number;
  windowSeconds: number;
  /** Once a key goes over, it stays refused this long (0: until its window ends). */
  blockSeconds: number;
}

/**
 * A named limit over keys (an IP, an account, an API key), counted in Redis so every web process
 * shares it. If Redis is unreachable, each process keeps counting in memory rather than letting
 * everything through.
 */
export class RateLimit {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, name: string, rule: LimitRule) {
    const options = { keyPrefix: `${prefix}:rate:${name}`, points: rule.points, duration: rule.windowSeconds, blockDuration: rule.blockSeconds };
    this.limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
  }

  /** Counts one use of `key`; throws TooManyAttemptsError when it is over the limit. */
  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(error.msBeforeNext);
      throw error;
    }
  }

  /** Throws TooManyAttemptsError when `key` has no uses left, without counting one. */
  async check(key: string): Promise<void> {
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw new TooManyAttemptsError(state.msBeforeNext);
  }

  /** Gives back one use (e.g. the attempt succeeded and should not count). */
  async refund(key: string): Promise<void> {
    await this.limiter.reward(key);
  }

  /** Forgets every use of `key`. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
