import { z } from "zod";

export const portTypeSchema = z.enum(["any", "text", "json", "list", "messages"]);
export type PortType = z.infer<typeof portTypeSchema>;

export interface PortSpec {
  id: string;
  label: string;
  type: PortType;
}

/** Why a connection from `from` into `to` is refused, or null when it is allowed. */
export function portIncompatibility(from: PortType, to: PortType): string | null {
  if (from === to || from === "any" || to === "any") return null;
  if (to === "text" && from === "json") return null; // JSON is rendered as text where text is wanted
  return `A ${from} output cannot feed a ${to} input`;
}
