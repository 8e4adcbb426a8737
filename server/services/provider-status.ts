import type { Db } from "../db";
import type { ProviderHealth } from "../engine/models/provider-health";
import { requireWorkspaceRole } from "./access";

export interface ProviderCircuitStatus {
  /** "<provider>@<base URL or default>/<model>", as node errors name it. */
  circuit: string;
  credentialId: string;
  credentialName: string;
  model: string;
  state: "closed" | "open";
  failures: number;
  openedAt: string | null;
}

/**
 * Circuit breaker state of this workspace's own credentials. Circuits are kept per credential, so
 * another workspace's failures on the same endpoint never show here (nor its endpoint URLs).
 */
export async function providerStatus(db: Db, health: ProviderHealth, userId: string, workspaceId: string): Promise<ProviderCircuitStatus[]> {
  await requireWorkspaceRole(db, userId, workspaceId, "viewer");
  const credentials = await db.credential.findMany({ where: { workspaceId }, select: { id: true, name: true, provider: true, baseUrl: true } });
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const circuits = await health.circuitsOf(credentials.map((c) => c.id));
  return circuits
    .flatMap((c) => {
      const credential = byId.get(c.credentialId);
      if (!credential) return [];
      return [{ ...c, circuit: `${credential.provider}@${credential.baseUrl ?? "default"}/${c.model}`, credentialName: credential.name }];
    })
    .sort((a, b) => a.circuit.localeCompare(b.circuit));
}
