import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("imports", () => {
  // components/ reach server/ through the tRPC router's types, so madge walks the server too; no cycle may pass through lib/ or components/.
  it("have no cycles through lib/ or components/", () => {
    // madge exits non-zero when it finds any cycle (the server still has its own); read its report either way.
    const { stdout: out } = spawnSync("npx", ["madge", "--circular", "--json", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "--exclude", "^server/generated/", "lib", "components"], {
      encoding: "utf8",
    });
    const cycles = JSON.parse(out.slice(out.indexOf("["))) as string[][];
    expect(cycles.filter((cycle) => cycle.some((file) => /^(lib|components)\//.test(file)))).toEqual([]);
  }, 60_000);
});
