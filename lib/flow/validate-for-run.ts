import { findModel } from "../models/registry";
import type { FlowGraph } from "./graph";
import { ancestors, findCycle, indexEdges } from "./graph-walk";
import { nodeDefinitions } from "./node-types/index";
import type { InputField } from "./node-types/input";
import { compileOutputSchema } from "./json-output";
import { knownOutputSchemas, schemaPathProblem } from "./reference-paths";
import { compileLinearRegex } from "./linear-regex";
import { templateReferences } from "./templates";
import { dataEdges, isToolEdge, toolNodeIds } from "./tools";

export interface FlowProblem {
  nodeId?: string;
  message: string;
}

export function declaredInputs(graph: FlowGraph): InputField[] {
  return graph.nodes.flatMap((n) => (n.type === "input" ? n.data.fields : []));
}

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
    const def = nodeDefinitions[node.type];
    if (def.inputs.length > 0 && !connectedTargets.has(node.id) && node.type === "output") {
      problems.push({ nodeId: node.id, message: "Nothing is connected to this Output" });
    }
    if (node.type === "router") {
      const model = findModel(node.data.model);
      if (!model) problems.push({ nodeId: node.id, message: `Unknown model "${node.data.model}"` });
      else if (model.provider !== "simulator" && !node.data.credentialId) problems.push({ nodeId: node.id, message: `Pick a credential for ${model.label}` });
      if (model?.provider === "openai-compatible" && !node.data.customModel.trim()) problems.push({ nodeId: node.id, message: "Name the endpoint's model" });
    }
    if (node.type === "map" && !node.data.flowId) problems.push({ nodeId: node.id, message: "Pick the flow to run per item" });
    if (node.type === "subflow" && !node.data.flowId) problems.push({ nodeId: node.id, message: "Pick the flow to run" });
    if (node.type === "agent") {
      const model = findModel(node.data.model);
      if (!model) problems.push({ nodeId: node.id, message: `Unknown model "${node.data.model}"` });
      else if (model.provider !== "simulator" && !node.data.credentialId) problems.push({ nodeId: node.id, message: `Pick a credential for ${model.label}` });
      if (model?.provider === "openai-compatible" && !node.data.customModel.trim()) problems.push({ nodeId: node.id, message: "Name the endpoint's model" });
      if (node.data.outputFormat === "json") {
        const check = compileOutputSchema(node.data.outputSchema);
        if (!check.ok) problems.push({ nodeId: node.id, message: check.error });
      }
      if (node.data.fallbackModel) {
        const fallback = findModel(node.data.fallbackModel);
        if (!fallback) problems.push({ nodeId: node.id, message: `Unknown fallback model "${node.data.fallbackModel}"` });
        else if (fallback.provider === "openai-compatible") problems.push({ nodeId: node.id, message: "An OpenAI-compatible endpoint cannot be a fallback yet" });
        else if (fallback.provider !== "simulator" && !node.data.fallbackCredentialId) problems.push({ nodeId: node.id, message: `Pick a credential for the fallback ${fallback.label}` });
      }
    }
    if (node.type === "condition") {
      // A pattern without references is checked now; one built from run values when the node runs.
      for (const rule of node.data.rules) {
        if (rule.operator !== "matches_regex" || rule.right.includes("{{")) continue;
        try {
          compileLinearRegex(rule.right);
        } catch (error) {
          problems.push({ nodeId: node.id, message: (error as Error).message });
        }
      }
    }
    if (node.type === "agent" && !node.data.userPrompt.trim()) {
      problems.push({ nodeId: node.id, message: "The user prompt is empty" });
    }
    // Only nodes that reference another node's output need their ancestors.
    let upstream: Set<string> | null = null;
    const isUpstream = (id: string) => (upstream ??= ancestors(index, node.id)).has(id);
    const templates = (def.templates as (data: typeof node.data) => Record<string, string>)(node.data);
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
