import { z } from "zod";
import type { Db } from "../db";
import type { NetworkPolicy } from "../net/ip-policy";
import { urlRefusal } from "../net/url-refusal";
import { seal, type KeyRing } from "../security/secret-box";
import { associatedData, CREDENTIAL_PROVIDERS, HEADER_NAME, HTTP_AUTH_KINDS, RESERVED_HEADERS, type HttpAuth } from "../security/credential-secrets";
import { requireWorkspaceRole } from "./access";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";

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
