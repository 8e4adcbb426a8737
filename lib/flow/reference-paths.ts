import { closestMatch } from "./did-you-mean";
import type { FlowNode } from "./graph";
import { formatPath, type PathSegment } from "./templates";

/**
 * Paths into upstream outputs (`{{agent_1.output.items[0].title}}`) checked against what the
 * upstream node declares it outputs, where it declares anything: an Agent with JSON output and a
 * JSON Schema, or an Input node (an object of its fields). Other outputs are only known at run time.
 *
 * The checks are conservative: where the schema leaves room (`$ref`, `anyOf`, `additionalProperties`,
 * no `type`), a path is accepted and the run decides.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

function asSchema(value: unknown): JsonSchema | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonSchema) : null;
}

function own(schema: JsonSchema, key: string): unknown {
  return Object.hasOwn(schema, key) ? schema[key] : undefined;
}

// TODO(node definitions): this belongs in each node's definition as `outputSchema(data)`.
/** The JSON Schema a node's output is known to match, or null when only the run will tell. */
export function knownOutputSchema(node: FlowNode): JsonSchema | null {
  if (node.type === "input") {
    const properties: Record<string, JsonSchema> = Object.create(null) as Record<string, JsonSchema>;
    for (const field of node.data.fields) properties[field.name] = { type: "string" };
    return { type: "object", properties, additionalProperties: false };
  }
  if (node.type === "agent" && node.data.outputFormat === "json") {
    try {
      return asSchema(JSON.parse(node.data.outputSchema));
    } catch {
      return null;
    }
  }
  return null;
}

/** knownOutputSchema by node id, each node's schema parsed once, when first asked for. */
export function knownOutputSchemas(graph: { nodes: readonly FlowNode[] }): (nodeId: string) => JsonSchema | null {
  let byId: Map<string, FlowNode> | null = null;
  const schemas = new Map<string, JsonSchema | null>();
  return (nodeId) => {
    if (!schemas.has(nodeId)) {
      byId ??= new Map(graph.nodes.map((n) => [n.id, n]));
      const node = byId.get(nodeId);
      schemas.set(nodeId, node ? knownOutputSchema(node) : null);
    }
    return schemas.get(nodeId) ?? null;
  };
}

const UNDECIDED = new Set(["$ref", "$dynamicRef", "anyOf", "oneOf", "allOf", "not", "if"]);

function types(schema: JsonSchema): ReadonlySet<string> | null {
  if ([...UNDECIDED].some((k) => Object.hasOwn(schema, k))) return null;
  const type = own(schema, "type");
  if (typeof type === "string") return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === "string"));
  return null;
}

function propertiesOf(schema: JsonSchema): JsonSchema | null {
  return asSchema(own(schema, "properties"));
}

/** Whether an object matching `schema` may hold keys other than its declared properties. */
function allowsOtherKeys(schema: JsonSchema): boolean {
  const extra = own(schema, "additionalProperties");
  return extra === true || asSchema(extra) !== null || Object.hasOwn(schema, "patternProperties");
}

function itemSchema(schema: JsonSchema, index: number): { known: true; schema: JsonSchema | null } | { known: false } {
  const prefix = own(schema, "prefixItems");
  if (Array.isArray(prefix) && index < prefix.length) return { known: true, schema: asSchema(prefix[index]) };
  const items = own(schema, "items");
  if (Array.isArray(items)) return index < items.length ? { known: true, schema: asSchema(items[index]) } : { known: false };
  const item = asSchema(items);
  return item ? { known: true, schema: item } : { known: false };
}

function typeName(t: ReadonlySet<string>): string {
  if (t.has("array")) return "a list";
  if (t.has("object")) return "an object";
  if (t.has("string")) return "text";
  return [...t].join(" or ") || "a value";
}

/**
 * Why `path` cannot exist in a value matching `schema`, or null when it may. `name` is how the
 * value is written in a reference, e.g. "agent_1.output"; a near miss gets a "Did you mean".
 */
export function schemaPathProblem(schema: JsonSchema, path: readonly PathSegment[], name: string): string | null {
  let current: JsonSchema | null = schema;
  for (let i = 0; i < path.length && current; i++) {
    const segment = path[i] as PathSegment;
    const at = () => `${name}${formatPath(path.slice(0, i))}`;
    const t = types(current);
    if (!t) return null;
    if (typeof segment === "number") {
      if (!t.has("array")) return t.has("object") || t.size === 0 ? null : `${at()} is ${typeName(t)}, not a list, so it has no [${segment}].`;
      const item = itemSchema(current, segment);
      if (!item.known) return null;
      current = item.schema;
      continue;
    }
    if (!t.has("object")) {
      const hint = t.has("array") ? ` Pick an item first, e.g. {{${at()}${formatPath([0, segment])}}}.` : "";
      return `${at()} is ${typeName(t)}, so it has no "${segment}".${hint}`;
    }
    const properties = propertiesOf(current);
    if (properties && Object.hasOwn(properties, segment)) {
      current = asSchema(properties[segment]);
      continue;
    }
    if (!properties || allowsOtherKeys(current)) return null;
    const keys = Object.keys(properties);
    const near = closestMatch(segment, keys);
    const hint = near !== null ? ` Did you mean {{${at()}${formatPath([near, ...path.slice(i + 1)])}}}?` : keys.length ? ` It has ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}.` : "";
    return `${at()} has no "${segment}" in its output schema.${hint}`;
  }
  return null;
}

/** The paths a schema declares (objects' properties, lists' `[0]`), shallow first, bounded. */
export function schemaPaths(schema: JsonSchema, limits: { depth: number; count: number } = { depth: 3, count: 30 }): PathSegment[][] {
  const found: PathSegment[][] = [];
  let level: { schema: JsonSchema; path: PathSegment[] }[] = [{ schema, path: [] }];
  for (let depth = 0; depth < limits.depth && level.length && found.length < limits.count; depth++) {
    const next: typeof level = [];
    for (const { schema: s, path } of level) {
      const t = types(s);
      const children: { key: PathSegment; schema: JsonSchema | null }[] = [];
      if (t?.has("object")) for (const [key, child] of Object.entries(propertiesOf(s) ?? {})) children.push({ key, schema: asSchema(child) });
      if (t?.has("array")) {
        const item = itemSchema(s, 0);
        if (item.known) children.push({ key: 0, schema: item.schema });
      }
      for (const child of children) {
        if (found.length >= limits.count) break;
        const childPath = [...path, child.key];
        found.push(childPath);
        if (child.schema) next.push({ schema: child.schema, path: childPath });
      }
    }
    level = next;
  }
  return found;
}
