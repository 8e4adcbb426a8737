import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Authenticated encryption for secrets at rest: AES-256-GCM, a random 96-bit IV per secret, and
 * associated data binding a ciphertext to where it belongs (so a sealed value copied to another
 * row or workspace fails to open). Keys are versioned: the first key seals, every key opens, so
 * keys can be rotated by adding a new one in front.
 */
export interface KeyRing {
  current: { version: string; key: Buffer };
  all: ReadonlyMap<string, Buffer>;
}

/** "v2:<base64 32 bytes>,v1:<base64 32 bytes>" → a key ring (first = current). */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [version, encoded] = entry.split(":");
      const key = Buffer.from(encoded ?? "", "base64");
      if (!version || !/^[A-Za-z0-9]+$/.test(version) || key.length !== 32) {
        throw new Error("CREDENTIALS_KEYS entries must look like v1:<32 bytes in base64>");
      }
      return [version, key] as const;
    });
  const first = entries[0];
  if (!first) throw new Error("CREDENTIALS_KEYS is empty");
  return { current: { version: first[0], key: first[1] }, all: new Map(entries) };
}

export function newKeySpec(version = "v1"): string {
  return `${version}:${randomBytes(32).toString("base64")}`;
}

const b64 = (buf: Buffer) => buf.toString("base64url");

export function seal(ring: KeyRing, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [ring.current.version, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(".");
}

export function open(ring: KeyRing, sealed: string, associatedData: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  const key = version ? ring.all.get(version) : undefined;
  if (!key || !iv || !tag || ciphertext === undefined) throw new Error("This secret was sealed with a key that is not configured");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** True when the sealed value uses an older key and should be re-sealed. */
export function needsRotation(ring: KeyRing, sealed: string): boolean {
  return !sealed.startsWith(`${ring.current.version}.`);
}
