import { describe, expect, it } from "vitest";
import { callCostNanoUsd, formatUsd, usdToNano } from "./cost";
import { findModel } from "./registry";
import { countTokens, simulate } from "./simulator";

describe("Simulator", () => {
  const request = { systemPrompt: "Be brief.", userPrompt: "Explain tides.", maxTokens: 1024 };

  it("is deterministic: the same prompt gives the same text and tokens", () => {
    expect(simulate(request)).toEqual(simulate({ ...request }));
  });

  it("derives its output from the prompt", () => {
    const a = simulate(request);
    const b = simulate({ ...request, userPrompt: "Explain tides!" });
    expect(a.text).toContain('On "Explain tides."');
    expect(a.text).not.toEqual(b.text);
  });

  it("counts input tokens from the prompt and honours requested and maximum output tokens", () => {
    expect(simulate(request).tokensIn).toBe(countTokens("Be brief.\n\nExplain tides."));
    expect(simulate({ ...request, outputTokens: 40 }).tokensOut).toBe(40);
    expect(simulate({ ...request, outputTokens: 40, maxTokens: 10 }).tokensOut).toBe(10);
  });
});

describe("cost arithmetic", () => {
  it("prices tokens from the model table in exact nano-dollars", () => {
    const model = { inputUsdPerMTok: 1.25, outputUsdPerMTok: 5 };
    // 1,000 in at $1.25/M = $0.00125; 200 out at $5/M = $0.001
    expect(callCostNanoUsd(model, 1_000, 200)).toBe(1_250_000 + 1_000_000);
    expect(callCostNanoUsd(model, 0, 0)).toBe(0);
  });

  it("uses the registry's Simulator price", () => {
    const sim = findModel("simulator");
    expect(sim).toBeDefined();
    expect(callCostNanoUsd(sim!, 7, 3)).toBe(7 * 1_250 + 3 * 5_000);
  });

  it("formats small and large amounts", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(23_750)).toBe("$0.000024");
    expect(formatUsd(2_250_000)).toBe("$0.00225");
    expect(formatUsd(usdToNano(12.5))).toBe("$12.50");
  });
});
