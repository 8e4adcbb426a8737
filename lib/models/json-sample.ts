import { createHashSeed, seededRandom } from "./seeded-random";

type Schema = Record<string, unknown>;

/**
 * A deterministic value matching a JSON Schema (the common keywords: type, properties, required,
 * items, enum, const, minItems, minimum/maximum), for the Simulator's JSON output.
 */
export function sampleFromSchema(schema: unknown, seedText: string): unknown {
  const random = seededRandom(createHashSeed(seedText));
  const words = seedText.toLowerCase().match(/[a-z]+/g) ?? ["sample"];
  const word = () => words[Math.floor(random() * words.length)] ?? "sample";
  const build = (s: unknown, depth: number): unknown => {
    if (!s || typeof s !== "object" || depth > 6) return null;
    const node = s as Schema;
    if ("const" in node) return node.const;
    if (Array.isArray(node.enum) && node.enum.length) return node.enum[Math.floor(random() * node.enum.length)];
    const type = Array.isArray(node.type) ? node.type[0] : node.type;
    switch (type) {
      case "object": {
        const props = (node.properties ?? {}) as Record<string, unknown>;
        return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, build(v, depth + 1)]));
      }
      case "array": {
        const count = Math.max(Number(node.minItems ?? 1), 1);
        return Array.from({ length: count }, () => build(node.items, depth + 1));
      }
      case "string":
        return `${word()} ${word()}`;
      case "integer":
      case "number": {
        const min = typeof node.minimum === "number" ? node.minimum : 0;
        const max = typeof node.maximum === "number" ? node.maximum : min + 100;
        const n = min + random() * (max - min);
        return type === "integer" ? Math.floor(n) : Number(n.toFixed(2));
      }
      case "boolean":
        return random() < 0.5;
      case "null":
        return null;
      default:
        return node.properties ? build({ ...node, type: "object" }, depth) : `${word()}`;
    }
  };
  return build(schema, 0);
}
