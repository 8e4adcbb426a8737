import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "./data-dir";

/** Credential encryption keys generated once per installation (mode 600). Back this file up. */
export function localCredentialKeys(): string {
  const file = path.join(dataDir(), "credentials-keys");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const spec = `v1:${randomBytes(32).toString("base64")}`;
  writeFileSync(file, spec, { mode: 0o600 });
  return spec;
}

/** A session-signing secret generated once per installation and kept in .orchestra/ (mode 600). */
export function localAuthSecret(): string {
  const file = path.join(dataDir(), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
