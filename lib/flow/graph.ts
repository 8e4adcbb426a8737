import { z } from "zod";
import { identifierSchema, RESERVED_NAMESPACES } from "./identifiers";
import { nodeDefinitions, NODE_TYPES, type NodeType } from "./node-types/index";
import { portIncompatibility } from "./ports";
import { outputPortsOf } from "./node-ports";

export const GRAPH_SCHEMA_VERSION = 1;
export const MAX_NODES = 10_000;
export const MAX_EDGES = 20_000;
export const MAX_ANNOTATIONS = 1_000;
/** Serialized graph size limit, checked before parsing. */
export const MAX_GRAPH_BYTES = 8_000_000;

const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

const nodeIdSchema = identifierSchema.refine((id) => !(RESERVED_NAMESPACES as readonly string[]).includes(id), {
  message: `Node ids ${RESERVED_NAMESPACES.join(", ")} are reserved`,
});

type Definitions = typeof nodeDefinitions;
type Position = z.infer<typeof positionSchema>;

/** One node of a graph: its type's settings in `data`. */
export type FlowNodeOf<K extends NodeType> = { id: string; type: K; position: Position; data: z.output<Definitions[K]["dataSchema"]>; parentId?: string };
export type FlowNode = { [K in NodeType]: FlowNodeOf<K> }[NodeType];
type FlowNodeInput = { [K in NodeType]: { id: string; type: K; position: Position; data: z.input<Definitions[K]["dataSchema"]>; parentId?: string } }[NodeType];

function nodeSchema(type: NodeType) {
  return z.object({
    id: nodeIdSchema,
    type: z.literal(type),
    position: positionSchema,
    data: nodeDefinitions[type].dataSchema as z.ZodType,
    /** The group the node sits in; its position is then relative to the group's. */
    parentId: z.string().min(1).max(64).optional(),
  });
}

/** The graph's node union, one member per catalogue entry. */
export const flowNodeSchema = z.discriminatedUnion(
  "type",
  NODE_TYPES.map(nodeSchema) as [ReturnType<typeof nodeSchema>, ...ReturnType<typeof nodeSchema>[]],
) as unknown as z.ZodType<FlowNode, FlowNodeInput>;

const sizeSchema = z.object({ width: z.number().finite().min(40).max(20_000), height: z.number().finite().min(30).max(20_000) });

/** Canvas-only shapes: they never run. A sticky note holds markdown; a group frames nodes that move with it. */
export const annotationSchema = z.discriminatedUnion("kind", [
  z.object({ id: nodeIdSchema, kind: z.literal("note"), position: positionSchema, size: sizeSchema, text: z.string().max(20_000) }),
  z.object({
    id: nodeIdSchema,
    kind: z.literal("group"),
    position: positionSchema,
    size: sizeSchema,
    title: z.string().max(120),
    collapsed: z.boolean().default(false),
  }),
]);
export type Annotation = z.infer<typeof annotationSchema>;


export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(64),
  sourceHandle: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  targetHandle: z.string().min(1).max(64),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

/** Structural problems of a graph: anything here makes a graph unsavable. */
export function structuralIssues(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const byId = new Map<string, FlowNode>();
  nodes.forEach((node, i) => {
    if (byId.has(node.id)) issues.push({ path: ["nodes", i, "id"], message: `Duplicate node id "${node.id}"` });
    byId.set(node.id, node);
  });
  const edgeIds = new Set<string>();
  const links = new Set<string>();
  edges.forEach((edge, i) => {
    const at = ["edges", i];
    if (edgeIds.has(edge.id)) issues.push({ path: [...at, "id"], message: `Duplicate edge id "${edge.id}"` });
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) return issues.push({ path: [...at, "source"], message: `Edge ${edge.id} starts at missing node "${edge.source}"` });
    if (!target) return issues.push({ path: [...at, "target"], message: `Edge ${edge.id} ends at missing node "${edge.target}"` });
    if (edge.source === edge.target) return issues.push({ path: at, message: `Edge ${edge.id} connects ${edge.source} to itself` });
    const out = outputPortsOf(source).find((p) => p.id === edge.sourceHandle);
    const inp = nodeDefinitions[target.type].inputs.find((p) => p.id === edge.targetHandle);
    if (!out) return issues.push({ path: [...at, "sourceHandle"], message: `${edge.source} has no output "${edge.sourceHandle}"` });
    if (!inp) return issues.push({ path: [...at, "targetHandle"], message: `${edge.target} has no input "${edge.targetHandle}"` });
    const why = portIncompatibility(out.type, inp.type);
    if (why) issues.push({ path: at, message: `${edge.source} → ${edge.target}: ${why}` });
    const link = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;
    if (links.has(link)) issues.push({ path: at, message: `${edge.source} → ${edge.target} is connected twice` });
    links.add(link);
    return undefined;
  });
  return issues;
}

function annotationIssues(graph: { nodes: readonly FlowNode[]; annotations?: readonly Annotation[] }): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const groups = new Set<string>();
  (graph.annotations ?? []).forEach((a, i) => {
    if (nodeIds.has(a.id) || groups.has(a.id)) issues.push({ path: ["annotations", i, "id"], message: `Duplicate id "${a.id}"` });
    if (a.kind === "group") groups.add(a.id);
    else nodeIds.add(a.id);
  });
  graph.nodes.forEach((n, i) => {
    if (n.parentId !== undefined && !groups.has(n.parentId)) issues.push({ path: ["nodes", i, "parentId"], message: `${n.id} is in a group "${n.parentId}" that does not exist` });
  });
  return issues;
}

export const flowGraphSchema = z
  .object({
    schemaVersion: z.literal(GRAPH_SCHEMA_VERSION),
    nodes: z.array(flowNodeSchema).max(MAX_NODES, `At most ${MAX_NODES} nodes`),
    edges: z.array(flowEdgeSchema).max(MAX_EDGES, `At most ${MAX_EDGES} edges`),
    annotations: z.array(annotationSchema).max(MAX_ANNOTATIONS, `At most ${MAX_ANNOTATIONS} notes and groups`).optional(),
  })
  .superRefine((graph, ctx) => {
    for (const issue of structuralIssues(graph.nodes, graph.edges)) ctx.addIssue({ code: "custom", ...issue });
    for (const issue of annotationIssues(graph)) ctx.addIssue({ code: "custom", ...issue });
  });
export type FlowGraph = z.infer<typeof flowGraphSchema>;

export function emptyGraph(): FlowGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes: [], edges: [] };
}

/** Human-readable list of what is wrong, one line per problem, with where it is. */
export function describeGraphError(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
}

export function nodeTypeOf(graph: FlowGraph, nodeId: string): NodeType | undefined {
  return graph.nodes.find((n) => n.id === nodeId)?.type;
}
