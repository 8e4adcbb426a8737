/** Parsed JSON has no cycles; the bound only keeps a hand-built cyclic input from looping. */
const MAX_DEPTH = 10_000;

/**
 * The path ("nodes.3.data.name") of the first string or key holding U+0000 in a parsed input,
 * "" for the input itself, or null when there is none.
 */
export function findNulCharacter(value: unknown): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const v = item.value;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return printable(item.path);
      continue;
    }
    if (v === null || typeof v !== "object" || item.depth > MAX_DEPTH) continue;
    const entries: [string, unknown][] = v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Array.isArray(v) || v instanceof Set ? [...v].map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [key, child] of entries) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (key.includes("\u0000")) return printable(path);
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return null;
}

function printable(path: string): string {
  return path.replaceAll("\u0000", "\\0").slice(0, 200);
}
