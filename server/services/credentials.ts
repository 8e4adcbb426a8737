import { z } from "zod";
import type { Db } from "../db";
import type { NetworkPolicy } from "../engine/net/ip-policy";
import { urlRefusal } from "../engine/net/url-refusal";
import { open, seal, type KeyRing } from "../security/secret-box";
import { requireWorkspaceRole } from "./access";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";

/** Model providers; "http" credentials authenticate HTTP request nodes. */
export const MODEL_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;
export const CREDENTIAL_PROVIDERS = [...MODEL_PROVIDERS, "http"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** How an HTTP credential's secret is sent: Authorization: Bearer, a named header, Basic, or a query parameter. */
export const HTTP_AUTH_KINDS = ["bearer", "header", "basic", "query"] as const;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers that frame or route the request: a credential may not set them. */
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive", "idempotency-key"]);

/** The sealed form of an HTTP credential: everything but the base URL is encrypted together. */
const httpAuthSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bearer"), secret: z.string() }),
  z.object({ kind: z.literal("header"), name: z.string().regex(HEADER_NAME), secret: z.string() }),
  z.object({ kind: z.literal("basic"), username: z.string(), secret: z.string() }),
  z.object({ kind: z.literal("query"), name: z.string().min(1), secret: z.string() }),
]);
export type HttpAuth = z.infer<typeof httpAuthSchema>;

export const createCredentialInputSchema = z
  .object({
    workspaceId: z.string().min(1),
    name: z.string().trim().min(1, "Name it").max(100),
    provider: z.enum(CREDENTIAL_PROVIDERS),
    baseUrl: z.url("Enter the endpoint's base URL, e.g. http://localhost:11434/v1").max(2_000).optional(),
    /** The secret: an API key, a token, a header's or query parameter's value, or a password. */
    apiKey: z.string().min(1, "Paste the API key").max(10_000),
    /** For provider "http": how the secret is sent. */
    httpAuth: z
      .object({
        kind: z.enum(HTTP_AUTH_KINDS),
        /** The header (kind "header") or query parameter (kind "query") that carries the secret. */
        name: z.string().trim().max(200).default(""),
        /** The user name (kind "basic"). */
        username: z.string().max(1_000).default(""),
      })
      .optional(),
  })
  .superRefine((c, issue) => {
    if (c.provider === "openai-compatible" && !c.baseUrl) issue.addIssue({ code: "custom", path: ["baseUrl"], message: "An OpenAI-compatible endpoint needs its base URL" });
    if (c.provider !== "http") return;
    if (!c.baseUrl) issue.addIssue({ code: "custom", path: ["baseUrl"], message: "Enter the URL this secret may be sent to, e.g. https://api.example.com/" });
    const auth = c.httpAuth;
    if (!auth) return issue.addIssue({ code: "custom", path: ["httpAuth"], message: "Choose how the secret is sent" });
    if (auth.kind === "header" && (!HEADER_NAME.test(auth.name) || RESERVED_HEADERS.has(auth.name.toLowerCase()))) issue.addIssue({ code: "custom", path: ["httpAuth", "name"], message: "Enter a valid header name, e.g. X-Api-Key" });
    if (auth.kind === "query" && !auth.name) issue.addIssue({ code: "custom", path: ["httpAuth", "name"], message: "Enter the query parameter's name" });
    if (auth.kind === "basic" && (!auth.username || auth.username.includes(":"))) issue.addIssue({ code: "custom", path: ["httpAuth", "username"], message: "Enter the user name (without ':')" });
  });
export type CreateCredentialInput = z.infer<typeof createCredentialInputSchema>;

function sealedSecret(input: CreateCredentialInput): string {
  if (input.provider !== "http" || !input.httpAuth) return input.apiKey;
  const { kind, name, username } = input.httpAuth;
  const auth: HttpAuth =
    kind === "bearer"
      ? { kind, secret: input.apiKey }
      : kind === "basic"
        ? { kind, username, secret: input.apiKey }
        : { kind, name, secret: input.apiKey };
  return JSON.stringify(auth);
}

/** What is bound into each ciphertext: a sealed key only opens for its own workspace and name. */
function associatedData(workspaceId: string, name: string): string {
  return `credential:${workspaceId}:${name}`;
}

/** Public shape: never the key itself. */
const PUBLIC = { id: true, name: true, provider: true, baseUrl: true, createdAt: true } as const;

export async function listCredentials(db: Db, userId: string, workspaceId: string) {
  await requireWorkspaceRole(db, userId, workspaceId, "viewer");
  return db.credential.findMany({ where: { workspaceId }, select: PUBLIC, orderBy: { name: "asc" } });
}

/**
 * Saves an encrypted credential. A base URL that points at a private, loopback, link-local or
 * metadata address (not allowed by HTTP_ALLOWED_HOSTS) is refused here, and again at every call.
 */
export async function createCredential(db: Db, ring: KeyRing, userId: string, input: CreateCredentialInput, policy: NetworkPolicy) {
  await requireWorkspaceRole(db, userId, input.workspaceId, "admin");
  const exists = await db.credential.count({ where: { workspaceId: input.workspaceId, name: input.name } });
  if (exists) throw new ConflictError(`A credential named "${input.name}" already exists`);
  if (input.baseUrl) {
    const refusal = await urlRefusal(input.baseUrl, policy);
    if (refusal) throw new InvalidInputError(`This base URL cannot be used: ${refusal}`);
  }
  return db.credential.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      provider: input.provider,
      baseUrl: input.baseUrl ?? null,
      sealedKey: seal(ring, sealedSecret(input), associatedData(input.workspaceId, input.name)),
      createdById: userId,
    },
    select: PUBLIC,
  });
}

export async function deleteCredential(db: Db, userId: string, credentialId: string) {
  const credential = await db.credential.findUnique({ where: { id: credentialId }, select: { workspaceId: true } });
  if (!credential) throw new NotFoundError("Credential");
  await requireWorkspaceRole(db, userId, credential.workspaceId, "admin").catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError("Credential") : error;
  });
  await db.credential.delete({ where: { id: credentialId } });
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
