/** The list a Map node iterates: a JSON array, or one item per non-empty line of text. */
export function parseMapItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string") return value === null || value === undefined ? [] : [value];
  const text = value.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: fall through to lines
    }
  }
  return text.split("\n").map((l) => l.trim()).filter(Boolean);
}
