import { z } from "zod";

/**
 * The model registry: prices are data, in USD per million tokens (at most 3 decimals, so that
 * cost in nano-dollars is exact integer arithmetic).
 */
export const modelInfoSchema = z.object({
  id: z.string(),
  provider: z.enum(["simulator", "openai", "anthropic", "openai-compatible"]),
  label: z.string(),
  contextTokens: z.number().int().positive(),
  inputUsdPerMTok: z.number().nonnegative(),
  outputUsdPerMTok: z.number().nonnegative(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const DEFAULT_MODEL_ID = "simulator";

export const MODELS: readonly ModelInfo[] = z.array(modelInfoSchema).parse([
  {
    id: "simulator",
    provider: "simulator",
    label: "Simulator (no API key, deterministic)",
    contextTokens: 128_000,
    inputUsdPerMTok: 1.25,
    outputUsdPerMTok: 5,
  },
]);

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}
