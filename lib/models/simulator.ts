import { createHashSeed, seededRandom } from "./seeded-random";

/** Deterministic stand-in for a model: the same prompts always give the same text and token counts. */
export interface SimulatorRequest {
  systemPrompt: string;
  userPrompt: string;
  outputTokens?: number;
  maxTokens: number;
}

export interface SimulatorResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

const WORDS = [
  "agents", "coordinate", "signals", "context", "insight", "pipeline", "evidence", "careful", "clear", "draft",
  "review", "summary", "structure", "detail", "balance", "practical", "result", "model", "reason", "plan",
  "consider", "useful", "specific", "quality", "outline", "approach", "notes", "example", "steps", "focus",
];

/** Rough tokenizer stand-in: one token per 4 characters, at least one for non-empty text. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

export function simulate(request: SimulatorRequest): SimulatorResult {
  const prompt = `${request.systemPrompt}\n\n${request.userPrompt}`;
  const random = seededRandom(createHashSeed(prompt));
  const wanted = request.outputTokens ?? 24 + Math.floor(random() * 48);
  const tokensOut = Math.max(1, Math.min(wanted, request.maxTokens));
  const subject = request.userPrompt.replace(/\s+/g, " ").trim().slice(0, 80);
  const words: string[] = [];
  // Each word with its following space counts as two tokens of the budget.
  for (let i = 0; i < Math.max(1, Math.floor(tokensOut / 2)); i++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  return {
    text: `[Simulator] On "${subject}": ${words.join(" ")}.`,
    tokensIn: countTokens(prompt),
    tokensOut,
  };
}
