import type { Db } from "../db";
import type { CircuitInfo, ProviderHealth } from "../engine/models/provider-health";
import { requireWorkspaceRole } from "./access";

/**
 * Circuit breaker state for the provider endpoints this workspace's credentials point at. Scoped,
 * because circuit names include endpoint URLs that other workspaces should not learn.
 */
export async function providerStatus(db: Db, health: ProviderHealth, userId: string, workspaceId: string): Promise<CircuitInfo[]> {
  await requireWorkspaceRole(db, userId, workspaceId, "viewer");
  const credentials = await db.credential.findMany({ where: { workspaceId }, select: { provider: true, baseUrl: true } });
  const endpoints = new Set(credentials.map((c) => `${c.provider}@${c.baseUrl ?? "default"}`));
  return (await health.circuits()).filter((c) => endpoints.has(c.circuit.slice(0, c.circuit.lastIndexOf("/"))));
}
