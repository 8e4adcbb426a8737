import { describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import { NodeError, kindForStatus } from "./node-error";
import { retryDelayMs, shouldRetry } from "./retry-policy";

const policy = { ...DEFAULT_EXECUTION.retry, attempts: 4, initialDelayMs: 100, maxDelayMs: 1_000 };

describe("retry policy", () => {
  it("retries only the listed kinds, and only while attempts remain", () => {
    expect(shouldRetry(policy, new NodeError("rate_limit", "429"), 1)).toBe(true);
    expect(shouldRetry(policy, new NodeError("server_error", "500"), 3)).toBe(true);
    expect(shouldRetry(policy, new NodeError("server_error", "500"), 4)).toBe(false);
    expect(shouldRetry(policy, new NodeError("client_error", "400"), 1)).toBe(false);
    expect(shouldRetry(policy, new NodeError("other", "bug"), 1)).toBe(false);
    expect(shouldRetry({ ...policy, on: ["timeout"] }, new NodeError("rate_limit", "429"), 1)).toBe(false);
  });

  it("backs off exponentially with jitter inside [step/2, step], capped", () => {
    const err = new NodeError("server_error", "500");
    expect(retryDelayMs(policy, 1, err, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, err, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 3, err, () => 0.5)).toBe(300);
    expect(retryDelayMs(policy, 10, err, () => 1)).toBe(1_000);
  });

  it("honours a provider's Retry-After up to the cap", () => {
    expect(retryDelayMs(policy, 1, new NodeError("rate_limit", "429", 700), () => 0)).toBe(700);
    expect(retryDelayMs(policy, 1, new NodeError("rate_limit", "429", 60_000), () => 0)).toBe(1_000);
  });

  it("classifies HTTP statuses", () => {
    expect([429, 408, 500, 503, 400, 404].map(kindForStatus)).toEqual(["rate_limit", "timeout", "server_error", "server_error", "client_error", "client_error"]);
  });
});
