import { z } from "zod";
import type { Db } from "../db";
import { open, seal, type KeyRing } from "../security/secret-box";
import { requireWorkspaceRole } from "./access";
import { ConflictError, NotFoundError } from "./errors";

export const CREDENTIAL_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;

export const createCredentialInputSchema = z
  .object({
    workspaceId: z.string().min(1),
    name: z.string().trim().min(1, "Name it").max(100),
    provider: z.enum(CREDENTIAL_PROVIDERS),
    baseUrl: z.url("Enter the endpoint's base URL, e.g. http://localhost:11434/v1").max(2_000).optional(),
    apiKey: z.string().min(1, "Paste the API key").max(10_000),
  })
  .refine((c) => c.provider !== "openai-compatible" || !!c.baseUrl, { path: ["baseUrl"], message: "An OpenAI-compatible endpoint needs its base URL" });

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

export async function createCredential(db: Db, ring: KeyRing, userId: string, input: z.infer<typeof createCredentialInputSchema>) {
  await requireWorkspaceRole(db, userId, input.workspaceId, "admin");
  const exists = await db.credential.count({ where: { workspaceId: input.workspaceId, name: input.name } });
  if (exists) throw new ConflictError(`A credential named "${input.name}" already exists`);
  return db.credential.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      provider: input.provider,
      baseUrl: input.baseUrl ?? null,
      sealedKey: seal(ring, input.apiKey, associatedData(input.workspaceId, input.name)),
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

export interface OpenedCredential {
  provider: (typeof CREDENTIAL_PROVIDERS)[number];
  baseUrl: string | null;
  apiKey: string;
}

/** Decrypts a credential for a model call; only ever from the worker, never sent anywhere else. */
export function openCredential(ring: KeyRing, row: { workspaceId: string; name: string; provider: string; baseUrl: string | null; sealedKey: string }): OpenedCredential {
  return {
    provider: row.provider as OpenedCredential["provider"],
    baseUrl: row.baseUrl,
    apiKey: open(ring, row.sealedKey, associatedData(row.workspaceId, row.name)),
  };
}
