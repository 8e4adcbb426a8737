import { z } from "zod";

/** Node ids double as template namespaces ({{agent_1.output}}), so they are identifiers. */
export const identifierSchema = z
  .string()
  .min(1, "Required")
  .max(64, "At most 64 characters")
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Letters, digits and _ only, not starting with a digit")
  // JavaScript objects, JSON stores and zod records all treat "__proto__" specially and drop it.
  .refine((name) => name !== "__proto__", "__proto__ is reserved; choose another name");

export const RESERVED_NAMESPACES = ["input"] as const;
