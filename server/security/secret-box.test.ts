import { describe, expect, it } from "vitest";
import { needsRotation, newKeySpec, open, parseKeyRing, seal } from "./secret-box";

describe("secret box", () => {
  const v1 = newKeySpec("v1");
  const ring = parseKeyRing(v1);

  it("round-trips and never contains the plaintext", () => {
    const sealed = seal(ring, "sk-live-123", "ws_1/openai");
    expect(sealed).not.toContain("sk-live-123");
    expect(open(ring, sealed, "ws_1/openai")).toBe("sk-live-123");
    expect(seal(ring, "sk-live-123", "ws_1/openai")).not.toBe(sealed); // fresh IV each time
  });

  it("refuses a ciphertext moved to another place or tampered with", () => {
    const sealed = seal(ring, "sk-live-123", "ws_1/openai");
    expect(() => open(ring, sealed, "ws_2/openai")).toThrow();
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => open(ring, [parts[0], parts[1], parts[2], flipped.toString("base64url")].join("."), "ws_1/openai")).toThrow();
  });

  it("rotates: a new key seals, old secrets still open and are flagged for re-sealing", () => {
    const old = seal(ring, "old secret", "a");
    const rotated = parseKeyRing(`${newKeySpec("v2")},${v1}`);
    expect(open(rotated, old, "a")).toBe("old secret");
    expect(needsRotation(rotated, old)).toBe(true);
    expect(needsRotation(rotated, seal(rotated, "new", "a"))).toBe(false);
    expect(() => open(parseKeyRing(newKeySpec("v3")), old, "a")).toThrow("not configured");
  });

  it("rejects malformed key configuration", () => {
    expect(() => parseKeyRing("v1:short")).toThrow("CREDENTIALS_KEYS entries");
    expect(() => parseKeyRing("")).toThrow("empty");
  });
});
