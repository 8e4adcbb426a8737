import { describe, expect, it } from "vitest";
import { applyHttpAuth, isUnderBase, redactSecrets } from "./http-auth";

describe("HTTP credentials", () => {
  it.each([
    ["https://api.example.com/v1/items", true],
    ["https://api.example.com/v1", true],
    ["https://api.example.com/v10/items", false],
    ["https://api.example.com/", false],
    ["http://api.example.com/v1/items", false],
    ["https://api.example.com:8443/v1/items", false],
    ["https://api.example.com.evil.test/v1/items", false],
  ])("%s is under https://api.example.com/v1: %s", (url, expected) => {
    expect(isUnderBase(new URL(url), new URL("https://api.example.com/v1"))).toBe(expected);
  });

  it("replaces a header the flow typed with the credential's, and puts query secrets in the URL", () => {
    const applied = applyHttpAuth(new URL("https://api.example.com/v1/x"), { "x-api-key": "typed" }, { kind: "header", name: "X-Api-Key", secret: "real" }, "https://api.example.com/v1");
    expect(applied.headers["x-api-key"]).toBe("real");
    const query = applyHttpAuth(new URL("https://api.example.com/v1/x?a=1"), {}, { kind: "query", name: "key", secret: "s e" }, "https://api.example.com/v1/");
    expect(query.url.search).toBe("?a=1&key=s+e");
    expect(query.secretQueryParams).toEqual(["key"]);
  });

  it("refuses a URL outside the base", () => {
    expect(() => applyHttpAuth(new URL("https://evil.test/v1"), {}, { kind: "bearer", secret: "t" }, "https://api.example.com/v1")).toThrow(/may only be sent to/);
  });

  it("redacts secrets of four characters or more", () => {
    expect(redactSecrets("token=abcd and abc", ["abcd", "abc"])).toBe("token=[credential] and abc");
  });
});
