import { describe, expect, it } from "vitest";
import { cutText, safeText, toJsonb } from "./jsonb";

describe("the jsonb/text sanitizer", () => {
  it("drops NULs and replaces lone surrogates, in values and keys, keeping pairs", () => {
    expect(safeText("a\u0000b")).toBe("ab");
    expect(safeText("x\ud83d")).toBe("x\ufffd");
    expect(safeText("\ude00y")).toBe("\ufffdy");
    expect(safeText("ok 😀")).toBe("ok 😀");
    expect(JSON.parse(toJsonb({ "k\u0000": ["v\ud800", { "\udc00": 1 }] }))).toEqual({ k: ["v\ufffd", { "\ufffd": 1 }] });
    expect(toJsonb(undefined)).toBe("null");
    expect(toJsonb(() => 1)).toBe("null");
  });

  it("never cuts a surrogate pair in two", () => {
    const text = `${"a".repeat(9)}😀`;
    expect(cutText(text, 10)).toBe("a".repeat(9));
    expect(cutText(text, 11)).toBe(text);
  });
});
