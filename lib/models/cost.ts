import type { ModelInfo } from "./registry";

/** 1 USD = 1e9 nano-dollars. Money is carried as integer nano-dollars everywhere. */
export const NANO_PER_USD = 1_000_000_000;

/** Nano-dollars per token for a USD-per-million-tokens price: $1/Mtok = 1000 n$/token. */
function nanoPerToken(usdPerMTok: number): number {
  return Math.round(usdPerMTok * 1_000);
}

export function callCostNanoUsd(model: Pick<ModelInfo, "inputUsdPerMTok" | "outputUsdPerMTok">, tokensIn: number, tokensOut: number): number {
  return tokensIn * nanoPerToken(model.inputUsdPerMTok) + tokensOut * nanoPerToken(model.outputUsdPerMTok);
}

export function usdToNano(usd: number): number {
  return Math.round(usd * NANO_PER_USD);
}

/** "$0.000123" style: enough decimals to show sub-cent model calls, trailing zeros trimmed. */
export function formatUsd(nanoUsd: number): string {
  const usd = nanoUsd / NANO_PER_USD;
  if (usd === 0) return "$0";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toFixed(6).replace(/0+$/, "").replace(/\.$/, "")}`;
}
