import { describe, expect, it } from "vitest";
import { addressRefusal, DEFAULT_POLICY, parseNetworkPolicy } from "./ip-policy";

describe("network policy", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.5.4", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["100.64.0.1", "carrierGradeNat"],
    ["::1", "loopback"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
  ])("refuses %s (%s)", (address, range) => {
    expect(addressRefusal(address, DEFAULT_POLICY)).toContain(range);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111"])("allows the public address %s", (address) => {
    expect(addressRefusal(address, DEFAULT_POLICY)).toBeNull();
  });

  it("lets self-hosters allow ranges and single addresses", () => {
    const policy = parseNetworkPolicy("10.0.0.0/8, 127.0.0.1, internal.example");
    expect(addressRefusal("10.9.9.9", policy)).toBeNull();
    expect(addressRefusal("127.0.0.1", policy)).toBeNull();
    expect(addressRefusal("127.0.0.2", policy)).toContain("loopback");
    expect(addressRefusal("192.168.0.1", policy)).toContain("private");
    expect(policy.allowedHosts.has("internal.example")).toBe(true);
  });
});
