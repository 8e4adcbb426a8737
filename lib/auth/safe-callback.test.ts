import { describe, expect, it } from "vitest";
import { safeCallback } from "./safe-callback";

const origin = "http://localhost:3000";

describe("safeCallback", () => {
  it.each(["/flows/abc?run=1", "/runs", "/settings/credentials#keys"])("keeps the same-site path %s", (path) => {
    expect(safeCallback(path, origin)).toBe(path);
  });

  it.each([null, "", "https://evil.com", "//evil.com", "/\\evil.com", "/\\/evil.com", "\\\\evil.com", "/%5Cevil.com\\x", "javascript:alert(1)", "/\tevil", " /flows"])(
    "sends %j to /flows instead",
    (raw) => {
      expect(safeCallback(raw, origin)).toBe("/flows");
    },
  );
});
