import { describe, expect, it } from "vitest";
import { httpRequestNode, secretLookingHeaders } from "./http-request";

const check = (name: string, value: string) => secretLookingHeaders({ headers: [{ name, value }] });

describe("secret-looking headers", () => {
  it.each([
    ["Authorization", "Bearer abc"],
    ["X-Api-Key", "12345"],
    ["X-Auth-Token", "abc"],
    ["Client-Secret", "shh"],
    ["Cookie", "session=1"],
    ["X-Anything", "sk-proj-0123456789abcdef"],
    ["X-Anything", "Bearer eyJhbGciOiJIUzI1NiJ9.payload"],
    ["X-Anything", "ghp_0123456789abcdefghijABCDEFGHIJ"],
  ])("flags %s: %s", (name, value) => {
    expect(check(name, value)).toEqual([expect.stringContaining(`Header ${name} looks like a secret`)]);
  });

  it.each([
    ["Accept", "application/json"],
    ["Content-Type", "text/plain"],
    ["Authorization", "{{input.token}}"],
    ["Authorization", "Bearer {{input.token}}"],
    ["X-Request-Id", "{{input.id}}"],
  ])("leaves %s: %s", (name, value) => {
    expect(check(name, value)).toEqual([]);
  });

  it("is the node definition's warning, which does not stop a run", () => {
    const data = { ...httpRequestNode.defaults(), headers: [{ name: "Authorization", value: "Bearer sk-live-0123456789" }] };
    expect(httpRequestNode.warnings?.(data)).toHaveLength(1);
  });
});
