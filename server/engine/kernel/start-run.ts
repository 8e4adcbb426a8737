import type { FlowGraph } from "@/lib/flow/graph";
import { rootNodes } from "@/lib/flow/graph-walk";
import { resolveRunInputs, validateForRun, type FlowProblem } from "@/lib/flow/validate-for-run";
import { graphOf } from "../node-lifecycle";
import type { Sql } from "../sql";

const MAX_CACHED = 500;
const validated = new Map<string, FlowProblem[]>();

/** A version is immutable, so its problems are found once per process. */
function problemsOf(versionId: string, graph: FlowGraph): FlowProblem[] {
  const hit = validated.get(versionId);
  if (hit) return hit;
  const problems = validateForRun(graph);
  if (validated.size >= MAX_CACHED) validated.delete(validated.keys().next().value as string);
  validated.set(versionId, problems);
  return problems;
}

/** A run that cannot start, with the reason for a person and, where known, each problem by node. */
export class RunRefused extends Error {
  constructor(
    message: string,
    readonly problems: FlowProblem[] = [],
    readonly code: "missing_flow" | "unsaved" | "invalid" | "missing_input" = "invalid",
  ) {
    super(message);
    this.name = "RunRefused";
  }
}

export interface FlowToRun {
  flowId: string;
  flowVersionId: string;
  graph: FlowGraph;
  inputs: Record<string, string>;
  roots: string[];
}

/**
 * The latest saved version of a flow of `workspaceId`, checked for running with `inputs`:
 * the same checks for a person's run, an API call and a child run. A flow of another
 * workspace behaves like a missing one.
 */
export async function prepareFlowRun(sql: Sql, workspaceId: string, flowId: string, inputs: Record<string, string>): Promise<FlowToRun> {
  const [row] = await sql.query<{ versionId: string | null }>(
    `SELECT v.id AS "versionId" FROM "Flow" f LEFT JOIN "FlowVersion" v ON v."flowId" = f.id AND v.version = f."latestVersion"
      WHERE f.id = $1 AND f."workspaceId" = $2`,
    [flowId, workspaceId],
  );
  if (!row) throw new RunRefused("The flow does not exist in this workspace", [], "missing_flow");
  if (!row.versionId) throw new RunRefused("Save the flow before running it", [], "unsaved");
  const graph = await graphOf(sql, row.versionId);
  const problems = problemsOf(row.versionId, graph);
  if (problems.length) {
    throw new RunRefused(`The flow cannot run: ${problems.map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message)).join("; ")}`, problems);
  }
  const resolved = resolveRunInputs(graph, inputs);
  if (!resolved.ok) throw new RunRefused(`Missing run input: ${resolved.missing.join(", ")}`, [], "missing_input");
  return { flowId, flowVersionId: row.versionId, graph, inputs: resolved.inputs, roots: rootNodes(graph) };
}
