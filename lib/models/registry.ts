import { z } from "zod";

/**
 * The model registry: prices are data, in USD per million tokens (at most 3 decimals, so that
 * cost in nano-dollars is exact integer arithmetic).
 */
export const modelInfoSchema = z.object({
  id: z.string(),
  provider: z.enum(["simulator", "openai", "anthropic", "openai-compatible"]),
  label: z.string(),
  /** The provider's own name for the model; empty for "openai-compatible", where the agent names it. */
  apiModel: z.string(),
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
    apiModel: "simulator",
    contextTokens: 128_000,
    inputUsdPerMTok: 1.25,
    outputUsdPerMTok: 5,
  },
  { id: "gpt-4o-mini", provider: "openai", label: "OpenAI GPT-4o mini", apiModel: "gpt-4o-mini", contextTokens: 128_000, inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
  { id: "gpt-4o", provider: "openai", label: "OpenAI GPT-4o", apiModel: "gpt-4o", contextTokens: 128_000, inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
  {
    id: "claude-3-5-haiku",
    provider: "anthropic",
    label: "Anthropic Claude 3.5 Haiku",
    apiModel: "claude-3-5-haiku-latest",
    contextTokens: 200_000,
    inputUsdPerMTok: 0.8,
    outputUsdPerMTok: 4,
  },
  {
    id: "claude-sonnet-4",
    provider: "anthropic",
    label: "Anthropic Claude Sonnet 4",
    apiModel: "claude-sonnet-4-20250514",
    contextTokens: 200_000,
    inputUsdPerMTok: 3,
    outputUsdPerMTok: 15,
  },
  {
    id: "openai-compatible",
    provider: "openai-compatible",
    label: "OpenAI-compatible endpoint (Ollama, vLLM, LM Studio…)",
    apiModel: "",
    contextTokens: 32_000,
    inputUsdPerMTok: 0,
    outputUsdPerMTok: 0,
  },
]);

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}
