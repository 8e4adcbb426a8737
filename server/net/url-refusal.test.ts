import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parseNetworkPolicy } from "./ip-policy";
import type { Resolver } from "./safe-http";
import { urlRefusal } from "./url-refusal";

const dns: Resolver = async (host) => {
  const table: Record<string, string> = { "internal.test": "10.1.2.3", "public.test": "93.184.215.14" };
  if (!table[host]) throw new Error("ENOTFOUND");
  return [{ address: table[host], family: 4 }];
};

describe("base URLs checked when saved", () => {
  it.each([
    ["http://127.0.0.1:8080/v1", /loopback/],
    ["http://[::1]/v1", /loopback/],
    ["http://169.254.169.254/", /linkLocal/],
    ["http://internal.test/v1", /internal\.test resolves to 10\.1\.2\.3 is a private/],
    ["ftp://public.test/", /only http and https/],
    ["http://user:pw@public.test/", /not in the URL/],
  ])("refuses %s", async (url, why) => {
    expect(await urlRefusal(url, DEFAULT_POLICY, dns)).toMatch(why);
  });

  it("accepts public addresses, names that do not resolve yet (checked again at call time), and allow-listed hosts", async () => {
    expect(await urlRefusal("https://public.test/v1", DEFAULT_POLICY, dns)).toBeNull();
    expect(await urlRefusal("https://not-resolvable.test/v1", DEFAULT_POLICY, dns)).toBeNull();
    expect(await urlRefusal("http://internal.test/v1", parseNetworkPolicy("internal.test"), dns)).toBeNull();
    expect(await urlRefusal("http://127.0.0.1:11434/v1", parseNetworkPolicy("127.0.0.1"), dns)).toBeNull();
  });
});
