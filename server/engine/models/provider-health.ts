import type { Redis } from "ioredis";

export interface CircuitSettings {
  failureThreshold: number;
  cooldownMs: number;
}

export type CircuitCheck = { state: "closed" } | { state: "probe" } | { state: "open"; msLeft: number };

export interface CircuitInfo {
  credentialId: string;
  model: string;
  state: "closed" | "open";
  failures: number;
  openedAt: string | null;
}

/** The rate-limit gate of one credential (its key's limits are its own). */
export function gateId(credentialId: string): string {
  return credentialId;
}

/** The circuit of one model called with one credential. Credential ids never contain "/". */
export function circuitId(credentialId: string, model: string): string {
  return `${credentialId}/${model}`;
}

function splitCircuit(circuit: string): { credentialId: string; model: string } {
  const slash = circuit.indexOf("/");
  return { credentialId: circuit.slice(0, slash), model: circuit.slice(slash + 1) };
}

/**
 * Provider health shared by every worker through Redis, per credential so that one tenant's
 * exhausted key or failing endpoint never throttles another's:
 * - a rate-limit gate per credential: after a 429, every worker holds its calls with that
 *   credential until the Retry-After has passed, instead of each discovering the limit itself;
 * - a circuit breaker per credential+model: after `failureThreshold` consecutive server errors or
 *   timeouts it opens, calls fail fast (or go to a fallback model), and after `cooldownMs` one
 *   caller is let through as a probe; its success closes the circuit, its failure reopens it.
 * Each credential's circuits are listed in a set, so status pages never walk the keyspace.
 */
export class ProviderHealth {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly settings: CircuitSettings,
  ) {}

  private gateKey(gate: string) {
    return `${this.prefix}:provider:gate:${gate}`;
  }
  private circuitKey(circuit: string) {
    return `${this.prefix}:provider:circuit:${circuit}`;
  }
  private indexKey(credentialId: string) {
    return `${this.prefix}:provider:circuits:${credentialId}`;
  }
  private ttlSeconds() {
    return Math.ceil((this.settings.cooldownMs * 10) / 1000) + 60;
  }

  async gateWaitMs(gate: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.gateKey(gate)));
  }

  async noteRateLimit(gate: string, retryAfterMs: number): Promise<void> {
    const ms = Math.min(Math.max(retryAfterMs, 250), 10 * 60_000);
    // Keep the longest wait any worker was told.
    const current = await this.redis.pttl(this.gateKey(gate));
    if (current < ms) await this.redis.set(this.gateKey(gate), "1", "PX", ms);
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
    const { credentialId, model } = splitCircuit(circuit);
    await this.redis.multi().del(this.circuitKey(circuit), `${this.circuitKey(circuit)}:probe`).srem(this.indexKey(credentialId), model).exec();
  }

  async recordFailure(circuit: string): Promise<void> {
    const key = this.circuitKey(circuit);
    const { credentialId, model } = splitCircuit(circuit);
    const failures = await this.redis.hincrby(key, "failures", 1);
    await this.redis.multi().expire(key, this.ttlSeconds()).sadd(this.indexKey(credentialId), model).expire(this.indexKey(credentialId), this.ttlSeconds()).exec();
    const state = await this.redis.hget(key, "state");
    if (state === "open" || failures >= this.settings.failureThreshold) {
      await this.redis.hset(key, { state: "open", openedAt: String(Date.now()) });
      await this.redis.del(`${key}:probe`);
    }
  }

  /** The circuits of these credentials that have seen failures, for status pages (two round trips). */
  async circuitsOf(credentialIds: readonly string[]): Promise<CircuitInfo[]> {
    if (credentialIds.length === 0) return [];
    const members = await this.redis.pipeline(credentialIds.map((id) => ["smembers", this.indexKey(id)])).exec();
    const circuits = credentialIds.flatMap((credentialId, i) => ((members?.[i]?.[1] ?? []) as string[]).map((model) => ({ credentialId, model })));
    if (circuits.length === 0) return [];
    const states = await this.redis.pipeline(circuits.map((c) => ["hgetall", this.circuitKey(circuitId(c.credentialId, c.model))])).exec();
    return circuits.flatMap((c, i) => {
      const h = (states?.[i]?.[1] ?? {}) as Record<string, string>;
      // An expired circuit leaves its name in the set until the set itself expires.
      if (!h.failures) return [];
      return [{ ...c, state: h.state === "open" ? ("open" as const) : ("closed" as const), failures: Number(h.failures), openedAt: h.openedAt ? new Date(Number(h.openedAt)).toISOString() : null }];
    });
  }
}
