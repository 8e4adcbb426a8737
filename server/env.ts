import { z } from "zod";

/**
 * Every environment variable the web and worker processes read, validated once. The launcher
 * (scripts/start.ts) fills DATABASE_URL/REDIS_URL/NEXTAUTH_SECRET with embedded defaults first.
 */
const serverEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string({ message: "DATABASE_URL is not set" }).regex(/^postgres(ql)?:\/\/\S+$/, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
  REDIS_URL: z.string({ message: "REDIS_URL is not set" }).regex(/^rediss?:\/\/\S+$/, "REDIS_URL must be a redis:// or rediss:// URL"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  /** The app's public URL; its host name is always accepted in the Host header. */
  NEXTAUTH_URL: z.url({ message: "NEXTAUTH_URL must be a URL such as https://orchestra.example.com" }).optional(),
  /** More host names the app answers to, comma-separated (besides NEXTAUTH_URL's and localhost). */
  ALLOWED_HOSTS: z.string().max(10_000).default(""),
  /** Wrong passwords per account within 15 minutes before the account is locked for 15 minutes. */
  RATE_LIMIT_SIGN_IN_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Failed sign-ins per client address within 15 minutes, any account. */
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Sign-ups per client address per hour. */
  RATE_LIMIT_SIGN_UPS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Postgres connections per process (web and each worker). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Keys that encrypt stored credentials: "v2:<base64>,v1:<base64>", first one seals (rotation). */
  CREDENTIALS_KEYS: z.string({ message: "CREDENTIALS_KEYS is not set (npm start generates one into .orchestra/)" }).min(1),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, "QUEUE_PREFIX: letters, digits, _ and - only").default("orchestra"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(20_000).default(32),
  /** The share of one worker's slots a single workspace may hold at once (fairness between tenants). */
  WORKSPACE_SLOT_SHARE: z.coerce.number().min(0.01).max(1).default(0.5),
  /** When set, the worker logs event-loop delay, memory and active nodes this often. */
  WORKER_METRICS_INTERVAL_MS: z.coerce.number().int().min(100).optional(),
  /** Hostnames, addresses and CIDR ranges HTTP nodes may reach although private, comma-separated. */
  HTTP_ALLOWED_HOSTS: z.string().max(10_000).default(""),
  /** Bytes of an HTTP node's response body read at most. */
  HTTP_RESPONSE_MAX_BYTES: z.coerce.number().int().min(1_000).max(1_000_000_000).default(5_000_000),
  /** Bytes of a model provider's streamed reply read at most. */
  MODEL_RESPONSE_MAX_BYTES: z.coerce.number().int().min(1_000).max(1_000_000_000).default(5_000_000),
  /** Consecutive provider failures (5xx, timeouts) that open a model's circuit, and how long it stays open. */
  CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
  CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function formatEnvError(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`).join("\n");
}

let cached: ServerEnv | undefined;

/** Parsed lazily so `next build` can import modules without a configured environment. */
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = serverEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${formatEnvError(parsed.error)}`);
  cached = parsed.data;
  return cached;
}
