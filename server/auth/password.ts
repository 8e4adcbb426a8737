import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** OWASP's scrypt floor (N=2^17, r=8, p=1): 128 MiB and a few hundred ms per hash. */
const CURRENT = { N: 2 ** 17, r: 8, p: 1, keyLength: 64 };
/** Room for the current parameters (128 * N * r bytes) plus scrypt's own overhead. */
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** scrypt (node:crypto) with a random salt; the parameters are stored with the hash: `scrypt$N$r$p$salt$key`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, CURRENT.keyLength, { N: CURRENT.N, r: CURRENT.r, p: CURRENT.p });
  return ["scrypt", CURRENT.N, CURRENT.r, CURRENT.p, salt.toString("base64"), key.toString("base64")].join("$");
}

interface StoredHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0) || 128 * params.N * params.r > MAX_MEMORY / 2) return null;
  return { ...params, salt: Buffer.from(salt, "base64"), key: Buffer.from(key, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parse(stored);
  if (!hash || hash.key.length === 0) return false;
  const actual = await derive(password, hash.salt, hash.key.length, { N: hash.N, r: hash.r, p: hash.p });
  return timingSafeEqual(actual, hash.key);
}

/** True when a hash was made with weaker parameters than today's (rehash it after a successful sign-in). */
export function needsRehash(stored: string): boolean {
  const hash = parse(stored);
  return !hash || hash.N < CURRENT.N || hash.r !== CURRENT.r || hash.p !== CURRENT.p || hash.key.length !== CURRENT.keyLength;
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as checking a real password, for an email with no account, so the answer's
 * timing does not reveal which emails exist.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString("base64"));
  await verifyPassword(password, await decoy);
  return false;
}
