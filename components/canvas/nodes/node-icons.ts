import type { NodeType } from "@/lib/flow/node-types/index";

export const NODE_ICONS: Record<NodeType, string> = {
  input: "⇥",
  agent: "✦",
  prompt_template: "❝",
  condition: "◇",
  router: "⎇",
  merge: "⋈",
  delay: "◷",
  calculator: "∑",
  http_request: "⇄",
  code: "{}",
  approval: "⚑",
  subflow: "❐",
  map: "↻",
  output: "⇤",
};
