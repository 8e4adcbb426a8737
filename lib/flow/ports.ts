import { z } from "zod";

export const portTypeSchema = z.enum(["any", "text", "json", "list", "messages", "tool"]);
export type PortType = z.infer<typeof portTypeSchema>;

export interface PortSpec {
  id: string;
  label: string;
  type: PortType;
}

/** Why a connection from `from` into `to` is refused, or null when it is allowed. */
export function portIncompatibility(from: PortType, to: PortType): string | null {
  // A tool port hands a node to an agent to call; it carries no data.
  if ((from === "tool") !== (to === "tool")) return from === "tool" ? "A tool port connects only to an agent's tools port" : "Only tool ports connect to an agent's tools port";
  if (from === to || from === "any" || to === "any") return null;
  if (to === "text" && from === "json") return null; // JSON is rendered as text where text is wanted
  return `A ${from} output cannot feed a ${to} input`;
}
