import { definitionOf } from "@/lib/flow/catalogue";
import { flattenFields, metaPath } from "@/lib/flow/field-spec";
import { NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";

/** Label and one line of help of a setting the inspector shows, from the node type's catalogue entry. */
export interface FieldMeta {
  label: string;
  help: string;
}

/** By node type, then by path with "#" for any list index ("rules.#.left"). */
const TABLES: ReadonlyMap<NodeType, ReadonlyMap<string, FieldMeta>> = new Map(
  NODE_TYPES.map((type) => [type, new Map(flattenFields(definitionOf(type).fields as never).map(({ path, field }) => [path, { label: field.label, help: field.help }]))]),
);

export { metaPath };

export function fieldMeta(type: NodeType, path: string): FieldMeta | undefined {
  return TABLES.get(type)?.get(metaPath(path));
}
