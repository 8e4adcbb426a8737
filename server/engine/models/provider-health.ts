import type { Redis } from "ioredis";

export interface CircuitSettings {
  failureThreshold: number;
  cooldownMs: number;
}

export type CircuitCheck = { state: "closed" } | { state: "probe" } | { state: "open"; msLeft: number };

export interface CircuitInfo {
  circuit: string;
  state: "closed" | "open";
  failures: number;
  openedAt: string | null;
}

/**
 * Provider health shared by every worker through Redis:
 * - a rate-limit gate per provider endpoint: after a 429, every worker holds its calls to that
 *   provider until the Retry-After has passed, instead of each discovering the limit itself;
 * - a circuit breaker per provider+model: after `failureThreshold` consecutive server errors or
 *   timeouts it opens, calls fail fast (or go to a fallback model), and after `cooldownMs` one
 *   caller is let through as a probe; its success closes the circuit, its failure reopens it.
 */
export class ProviderHealth {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly settings: CircuitSettings,
  ) {}

  private gateKey(provider: string) {
    return `${this.prefix}:provider:gate:${provider}`;
  }
  private circuitKey(circuit: string) {
    return `${this.prefix}:provider:circuit:${circuit}`;
  }

  async gateWaitMs(provider: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.gateKey(provider)));
  }

  async noteRateLimit(provider: string, retryAfterMs: number): Promise<void> {
    const ms = Math.min(Math.max(retryAfterMs, 250), 10 * 60_000);
    // Keep the longest wait any worker was told.
    const current = await this.redis.pttl(this.gateKey(provider));
    if (current < ms) await this.redis.set(this.gateKey(provider), "1", "PX", ms);
  }

  async check(circuit: string): Promise<CircuitCheck> {
    const state = await this.redis.hgetall(this.circuitKey(circuit));
    if (state.state !== "open") return { state: "closed" };
    const msLeft = Number(state.openedAt) + this.settings.cooldownMs - Date.now();
    if (msLeft > 0) return { state: "open", msLeft };
    const probe = await this.redis.set(`${this.circuitKey(circuit)}:probe`, "1", "PX", this.settings.cooldownMs, "NX");
    return probe === "OK" ? { state: "probe" } : { state: "open", msLeft: this.settings.cooldownMs };
  }

  async recordSuccess(circuit: string): Promise<void> {
    await this.redis.del(this.circuitKey(circuit), `${this.circuitKey(circuit)}:probe`);
  }

  async recordFailure(circuit: string): Promise<void> {
    const key = this.circuitKey(circuit);
    const failures = await this.redis.hincrby(key, "failures", 1);
    await this.redis.expire(key, Math.ceil((this.settings.cooldownMs * 10) / 1000) + 60);
    const state = await this.redis.hget(key, "state");
    if (state === "open" || failures >= this.settings.failureThreshold) {
      await this.redis.hset(key, { state: "open", openedAt: String(Date.now()) });
      await this.redis.del(`${key}:probe`);
    }
  }

  /** Every circuit that has seen failures, for admin pages. */
  async circuits(): Promise<CircuitInfo[]> {
    const keys = (await this.redis.keys(`${this.prefix}:provider:circuit:*`)).filter((k) => !k.endsWith(":probe"));
    const infos = await Promise.all(
      keys.map(async (key) => {
        const h = await this.redis.hgetall(key);
        return {
          circuit: key.slice(`${this.prefix}:provider:circuit:`.length),
          state: h.state === "open" ? ("open" as const) : ("closed" as const),
          failures: Number(h.failures ?? 0),
          openedAt: h.openedAt ? new Date(Number(h.openedAt)).toISOString() : null,
        };
      }),
    );
    return infos.sort((a, b) => a.circuit.localeCompare(b.circuit));
  }
}
