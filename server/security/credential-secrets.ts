import { z } from "zod";
import { open, type KeyRing } from "./secret-box";

/** Model providers; "http" credentials authenticate HTTP request nodes. */
export const MODEL_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;
export const CREDENTIAL_PROVIDERS = [...MODEL_PROVIDERS, "http"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** How an HTTP credential's secret is sent: Authorization: Bearer, a named header, Basic, or a query parameter. */
export const HTTP_AUTH_KINDS = ["bearer", "header", "basic", "query"] as const;

export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers that frame or route the request: a credential may not set them. */
export const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive", "idempotency-key"]);

/** The sealed form of an HTTP credential: everything but the base URL is encrypted together. */
export const httpAuthSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bearer"), secret: z.string() }),
  z.object({ kind: z.literal("header"), name: z.string().regex(HEADER_NAME), secret: z.string() }),
  z.object({ kind: z.literal("basic"), username: z.string(), secret: z.string() }),
  z.object({ kind: z.literal("query"), name: z.string().min(1), secret: z.string() }),
]);
export type HttpAuth = z.infer<typeof httpAuthSchema>;

/** What is bound into each ciphertext: a sealed key only opens for its own workspace and name. */
export function associatedData(workspaceId: string, name: string): string {
  return `credential:${workspaceId}:${name}`;
}

export interface OpenedModelCredential {
  provider: ModelProvider;
  baseUrl: string | null;
  apiKey: string;
}

export interface OpenedHttpCredential {
  provider: "http";
  /** The secret is only ever sent to URLs under this one. */
  baseUrl: string;
  auth: HttpAuth;
}

export type OpenedCredential = OpenedModelCredential | OpenedHttpCredential;

/** Decrypts a credential for a call; only ever from the worker, never sent anywhere else. */
export function openCredential(ring: KeyRing, row: { workspaceId: string; name: string; provider: string; baseUrl: string | null; sealedKey: string }): OpenedCredential {
  const secret = open(ring, row.sealedKey, associatedData(row.workspaceId, row.name));
  if (row.provider === "http") return { provider: "http", baseUrl: row.baseUrl ?? "", auth: httpAuthSchema.parse(JSON.parse(secret)) };
  return { provider: row.provider as ModelProvider, baseUrl: row.baseUrl, apiKey: secret };
}
