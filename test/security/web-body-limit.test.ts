import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";

const HUNDRED_MB = 100 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x20);

/** A body of `total` bytes made on demand (never held in memory), counting what was pulled. */
function endlessBody(total: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
  });
  return { stream, counter };
}

describe("a chunked body without Content-Length", () => {
  it("to tRPC, unauthenticated (auth.signUp), is refused 413 after reading no more than the limit", async () => {
    const { stream, counter } = endlessBody(HUNDRED_MB);
    const req = new Request("http://localhost:3000/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    const res = await trpcPost(req);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Request too large");
    // Stopped at the 16 MB limit, long before the 100 MB the client would have sent.
    expect(counter.pulled).toBeLessThan(20 * 1024 * 1024);
  });

  it("to NextAuth's sign-in callback is refused 413 after a few kilobytes", async () => {
    const { stream, counter } = endlessBody(HUNDRED_MB);
    const req = new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const res = await authPost(req, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(1024 * 1024);
  });

  it("a declared Content-Length over the limit is refused before reading anything", async () => {
    const { stream, counter } = endlessBody(HUNDRED_MB);
    const req = new Request("http://localhost:3000/api/trpc/flow.save", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(HUNDRED_MB) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await trpcPost(req);
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK.byteLength);
  });
});
