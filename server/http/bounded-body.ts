/** A request body larger than the route accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request too large (limit ${formatBytes(limitBytes)})`);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${Math.round(bytes / 1_000)} kB`;
}

/**
 * The request's body, read while counting bytes: past `limitBytes` reading stops and the stream
 * is cancelled, so a chunked upload without Content-Length is never buffered beyond the limit.
 */
export async function readBodyWithin(req: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The answer to a body over the limit. */
export function tooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json({ error: { message: error.message } }, { status: 413 });
}
