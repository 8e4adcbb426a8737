import { describe, expect, it } from "vitest";
import { countTokens } from "@/lib/models/simulator";
import { promptTokensIn } from "@/server/services/run-estimate";

/**
 * Attack: run.estimate (viewer role) put each run input into the prompt with
 * `String.prototype.replace(pattern, input)`, so `$&`, `$'`, `` $` `` and `$1` in an input were
 * expanded: 50,000 × `$'` copies the rest of the prompt 50,000 times (gigabytes of text on the
 * web server's thread) and any of them skews the estimate.
 * Containment: inputs are inserted literally; the estimate counts exactly the text that would be sent.
 */
describe("run inputs in the cost estimate are literal text", () => {
  const rest = "x".repeat(1_000);

  it.each(["$&", "$'", "$`", "$1", "$$", "$<name>"])("an input of %s is counted as itself", (pattern) => {
    const template = `before {{input.topic}} ${rest}`;
    expect(promptTokensIn(template, { topic: pattern }, new Map())).toBe(countTokens(`before ${pattern} ${rest}`));
  });

  it("an input of 50,000 `$'` does not multiply the prompt", { timeout: 10_000 }, () => {
    const input = "$'".repeat(50_000);
    expect(promptTokensIn(`{{input.topic}}${rest}`, { topic: input }, new Map())).toBe(countTokens(input + rest));
  });

  it("upstream outputs still count at their maximum, and every occurrence of an input is filled", () => {
    expect(promptTokensIn("{{input.topic}} {{ input.topic }} {{agent_1.output.items[0]}}", { topic: "$&$&" }, new Map([["agent_1", 500]]))).toBe(countTokens("$&$& $&$& ") + 500);
  });
});
