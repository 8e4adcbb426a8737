/**
 * The inspector form of a node type, as data: each setting names its data path, label, one line of
 * help, its widget and when it is shown. Bounds, lengths and defaults come from the config schema.
 * components/canvas/inspector renders it; nothing here knows React.
 */

export interface SelectOption {
  value: string;
  label: string;
}

export type Widget<TData> =
  | { widget: "text"; placeholder?: string }
  /** Multi-line text that is not a template (a JSON Schema). */
  | { widget: "textarea"; rows?: number; placeholder?: string }
  /** Code that sees the flow: its help lists the names in scope. */
  | { widget: "code"; rows?: number; scope: readonly string[]; upstreamAs: string }
  /** Text that may hold {{references}}: the prompt editor. */
  | { widget: "template"; rows?: number; singleLine?: boolean; placeholder?: string }
  /** `scale` 1000 shows milliseconds as seconds; `optional` allows empty (undefined). */
  | { widget: "number"; scale?: number; step?: number; optional?: boolean }
  | { widget: "select"; options: (data: TData) => readonly SelectOption[] }
  /** A boolean, or two values of an enum (`on`/`off`). */
  | { widget: "checkbox"; on?: string; off?: string }
  /** A saved credential of the provider `provider` returns. */
  | { widget: "credential"; provider: (data: TData) => string }
  /** Another saved flow of the workspace. */
  | { widget: "flow" }
  | {
      widget: "list";
      /** Fields of one item, with paths relative to the item. */
      item: readonly FormItem<Record<string, unknown>>[];
      /** "Rule" → groups labelled "Rule 1", "Rule 2"…; the remove button says "Remove rule 1". */
      itemLabel: string;
      /** Shown as each item's legend. */
      legend?: boolean;
      /** How the remove button names an item; default its number. */
      itemName?: (item: Record<string, unknown>, index: number) => string;
      addLabel: string;
      newItem: (data: TData, count: number) => Record<string, unknown>;
      minItems?: number;
      maxItems?: number;
      /** Item fields laid out as a row of two columns with this template, e.g. "7rem 1fr". */
      columns?: string;
    };

export type FieldSpec<TData> = Widget<TData> & {
  path: string;
  label: string;
  help: string;
  /** Shown only when this holds (the data is the node's, or the list item's for item fields). */
  when?: (data: TData) => boolean;
};

export type FormItem<TData> =
  | FieldSpec<TData>
  /** Fields side by side. */
  | { layout: "row"; fields: readonly FieldSpec<TData>[] }
  /** A framed group with a legend. */
  | { layout: "section"; legend: string; tone?: "plain" | "violet"; when?: (data: TData) => boolean; fields: readonly FormItem<TData>[] }
  /** A line of explanation. */
  | { layout: "note"; text: string; when?: (data: TData) => boolean };

export function isField<TData>(item: FormItem<TData>): item is FieldSpec<TData> {
  return "path" in item;
}

/** Every field of a form, list items included, with the path written "list.#.field". */
export function flattenFields(items: readonly FormItem<never>[], prefix = ""): { path: string; field: FieldSpec<never> }[] {
  const out: { path: string; field: FieldSpec<never> }[] = [];
  for (const item of items) {
    if (isField(item)) {
      const path = `${prefix}${item.path}`;
      out.push({ path, field: item });
      if (item.widget === "list") out.push(...flattenFields(item.item as readonly FormItem<never>[], `${path}.#.`));
    } else if (item.layout !== "note") out.push(...flattenFields(item.fields, prefix));
  }
  return out;
}

/** "rules.3.left" → "rules.#.left" */
export function metaPath(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, ".#");
}

/** The value at a dotted path ("simulator.latencyMs", "rules.0.left"). */
export function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A copy of `data` with `value` at a dotted path; lists and objects on the way are copied, not mutated. */
export function withValueAt<T>(data: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split(".") as [string, ...string[]];
  const container = (data ?? {}) as Record<string, unknown> | unknown[];
  const next = rest.length === 0 ? value : withValueAt((container as Record<string, unknown>)[key], rest.join("."), value);
  if (Array.isArray(container)) {
    const copy = [...container];
    copy[Number(key)] = next;
    return copy as T;
  }
  const copy: Record<string, unknown> = { ...container };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy as T;
}
