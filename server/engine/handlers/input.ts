import type { NodeHandler } from "../handler-types";

export const runInputNode: NodeHandler<"input"> = async ({ node, runInputs }) => ({
  output: Object.fromEntries(node.data.fields.map((f) => [f.name, runInputs[f.name] ?? f.defaultValue])),
});
