import { declaredInputs, definitionOf, modelUseOf } from "./catalogue";
import { modelProblems } from "./common-fields";
import type { FlowGraph } from "./graph";
import { ancestors, findCycle, indexEdges } from "./graph-walk";
import { knownOutputSchemas, schemaPathProblem } from "./reference-paths";
import { templateReferences } from "./templates";
import { dataEdges, isToolEdge, toolNodeIds } from "./tools";

export interface FlowProblem {
  nodeId?: string;
  message: string;
}

export { declaredInputs };

/** Problems that stop a saved graph from running, each attached to its node where it has one. */
export function validateForRun(graph: FlowGraph): FlowProblem[] {
  const problems: FlowProblem[] = [];
  if (graph.nodes.length === 0) problems.push({ message: "The flow is empty: add an Input, an Agent and an Output" });
  const tools = toolNodeIds(graph);
  for (const id of tools) {
    if (graph.edges.some((e) => (e.source === id && !isToolEdge(e)) || e.target === id)) {
      problems.push({ nodeId: id, message: "A tool is called by its agent; it cannot also be wired into the flow" });
    }
  }
  const flowGraph = { ...graph, edges: dataEdges(graph) };
  const cycle = findCycle(flowGraph);
  if (cycle) problems.push({ nodeId: cycle[0], message: `Cycle: ${cycle.join(" → ")}. Loops need a loop node.` });
  const inputNames = new Set(declaredInputs(graph).map((f) => f.name));
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const connectedTargets = new Set(graph.edges.map((e) => e.target));
  const index = indexEdges(flowGraph.edges);
  const outputSchemaOf = knownOutputSchemas(graph);

  for (const node of graph.nodes) {
    const def = definitionOf(node.type);
    const own = [...(def.validate?.(node.data, { hasIncoming: connectedTargets.has(node.id) }) ?? [])];
    const models = modelUseOf(node);
    // Model problems first, then the type's own, as they read in the form.
    for (const message of [...(models ? modelProblems(models) : []), ...own]) problems.push({ nodeId: node.id, message });
    // Only nodes that reference another node's output need their ancestors.
    let upstream: Set<string> | null = null;
    const isUpstream = (id: string) => (upstream ??= ancestors(index, node.id)).has(id);
    const templates = def.templates(node.data);
    for (const [field, template] of Object.entries(templates)) {
      for (const ref of templateReferences(template)) {
        if (ref.kind === "invalid") {
          problems.push({ nodeId: node.id, message: `${field}: {{${ref.raw}}} is not a reference (use {{input.name}} or {{node_id.output}})` });
        } else if (ref.kind === "input" && !inputNames.has(ref.field)) {
          problems.push({ nodeId: node.id, message: `${field}: unknown run input {{input.${ref.field}}}` });
        } else if (ref.kind === "node" && !nodeIds.has(ref.nodeId)) {
          problems.push({ nodeId: node.id, message: `${field}: unknown node {{${ref.raw}}}` });
        } else if (ref.kind === "node" && !cycle && !isUpstream(ref.nodeId)) {
          problems.push({ nodeId: node.id, message: `${field}: ${ref.nodeId} is not upstream of ${node.id}; connect it first` });
        } else if (ref.kind === "node" && ref.path) {
          const schema = outputSchemaOf(ref.nodeId);
          const problem = schema ? schemaPathProblem(schema, ref.path, `${ref.nodeId}.output`) : null;
          if (problem) problems.push({ nodeId: node.id, message: `${field}: {{${ref.raw}}}: ${problem}` });
        }
      }
    }
  }
  return problems;
}

/** The run inputs with defaults applied, or the names of required ones that are missing. */
export function resolveRunInputs(
  graph: FlowGraph,
  given: Readonly<Record<string, string>>,
): { ok: true; inputs: Record<string, string> } | { ok: false; missing: string[] } {
  // Own properties only, and built with fromEntries: a field named "constructor" or "__proto__" is
  // an ordinary name, never Object.prototype's.
  const entries: [string, string][] = [];
  const missing: string[] = [];
  for (const field of declaredInputs(graph)) {
    const own = Object.hasOwn(given, field.name) ? given[field.name] : undefined;
    const value = typeof own === "string" && own.trim() ? own : field.defaultValue;
    if (!value && field.required) missing.push(field.name);
    entries.push([field.name, value]);
  }
  return missing.length ? { ok: false, missing } : { ok: true, inputs: Object.fromEntries(entries) };
}
