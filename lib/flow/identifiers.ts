import { z } from "zod";

/** Node ids double as template namespaces ({{agent_1.output}}), so they are identifiers. */
export const identifierSchema = z
  .string()
  .min(1, "Required")
  .max(64, "At most 64 characters")
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Letters, digits and _ only, not starting with a digit");

export const RESERVED_NAMESPACES = ["input"] as const;
