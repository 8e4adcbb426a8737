import type { ExecuteNodeJob } from "../queue";
import { NodeError, nodeErrorFrom } from "./node-error";
import { graphOf } from "./node-lifecycle";
import { lockRun } from "./run-log";
import type { Sql } from "./sql";
import { resumeParentNode, startChild, type SubflowDeps } from "./subflow";

/** What a waiting Map node keeps in its output while its items run. */
interface MapState {
  items: unknown[];
  /** Index of the next item to start. */
  next: number;
  /** Results by item index, as they arrive. */
  results: Record<string, unknown>;
}

interface MapSettings {
  flowId: string;
  itemInput: string;
}

async function mapSettings(deps: SubflowDeps, runId: string, nodeId: string): Promise<MapSettings | null> {
  const [run] = await deps.pool.query<{ flowVersionId: string }>(`SELECT "flowVersionId" FROM "Run" WHERE id = $1`, [runId]);
  if (!run) return null;
  const node = (await graphOf(deps.pool, run.flowVersionId)).nodes.find((n) => n.id === nodeId);
  return node?.type === "map" ? { flowId: node.data.flowId, itemInput: node.data.itemInput } : null;
}

async function lockedState(sql: Sql, runId: string, nodeId: string): Promise<MapState | null> {
  await lockRun(sql, runId);
  const [row] = await sql.query<{ output: MapState }>(`SELECT output FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = 0 AND status = 'waiting' FOR UPDATE`, [
    runId,
    nodeId,
  ]);
  return row?.output ?? null;
}

/** Claims up to `howMany` not-yet-started items, under the parent run's lock, so no item starts twice. */
async function reserveItems(deps: SubflowDeps, runId: string, nodeId: string, howMany: number): Promise<{ index: number; item: unknown }[]> {
  return deps.pool.tx(async (sql) => {
    const state = await lockedState(sql, runId, nodeId);
    if (!state) return [];
    const take = state.items.slice(state.next, state.next + howMany).map((item, k) => ({ index: state.next + k, item }));
    if (take.length > 0) {
      await sql.query(`UPDATE "NodeRun" SET output = jsonb_set(output, '{next}', to_jsonb($3::int)) WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = 0`, [
        runId,
        nodeId,
        state.next + take.length,
      ]);
    }
    return take;
  });
}

async function startItems(deps: SubflowDeps, runId: string, nodeId: string, settings: MapSettings, items: { index: number; item: unknown }[]): Promise<void> {
  for (const { index, item } of items) {
    try {
      await startChild(deps, runId, nodeId, settings.flowId, { [settings.itemInput]: typeof item === "string" ? item : JSON.stringify(item) }, index);
    } catch (thrown) {
      await resumeParentNode(deps, runId, nodeId, { kind: "failed", error: new NodeError("client_error", `Item ${index} could not start: ${nodeErrorFrom(thrown).message}`) });
      return;
    }
  }
}

/** After a Map node parked with its list: starts the first `concurrency` item runs. */
export async function startMapItems(deps: SubflowDeps, job: ExecuteNodeJob, spec: { concurrency: number }): Promise<void> {
  const settings = await mapSettings(deps, job.runId, job.nodeId);
  if (!settings) return;
  await startItems(deps, job.runId, job.nodeId, settings, await reserveItems(deps, job.runId, job.nodeId, spec.concurrency));
}

/**
 * An item run ended: record its result, start the next item, or settle the Map node with every
 * result in list order (or with the first failure). Returns whether the parent run ended.
 */
export async function mapItemFinished(
  deps: SubflowDeps,
  child: { parentRunId: string; parentNodeId: string; parentItemIndex: number; status: string; outputs: unknown; error: string | null },
): Promise<boolean> {
  const { parentRunId: runId, parentNodeId: nodeId, parentItemIndex: index } = child;
  if (child.status !== "succeeded") {
    return resumeParentNode(deps, runId, nodeId, { kind: "failed", error: new NodeError("other", `Item ${index} ${child.status.replace("_", " ")}: ${child.error ?? "no details"}`) });
  }
  const progress = await deps.pool.tx(async (sql) => {
    const state = await lockedState(sql, runId, nodeId);
    if (!state) return null;
    const results = { ...state.results, [String(index)]: child.outputs ?? {} };
    await sql.query(`UPDATE "NodeRun" SET output = jsonb_set(output, '{results}', $3::jsonb) WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = 0`, [
      runId,
      nodeId,
      JSON.stringify(results),
    ]);
    return { done: Object.keys(results).length === state.items.length, results, count: state.items.length };
  });
  if (!progress) return false;
  if (progress.done) {
    const ordered = Array.from({ length: progress.count }, (_, i) => progress.results[String(i)]);
    return resumeParentNode(deps, runId, nodeId, { kind: "succeeded", result: { output: ordered } });
  }
  const settings = await mapSettings(deps, runId, nodeId);
  if (settings) await startItems(deps, runId, nodeId, settings, await reserveItems(deps, runId, nodeId, 1));
  return false;
}
