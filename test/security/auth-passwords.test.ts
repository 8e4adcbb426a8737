import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as password from "@/server/auth/password";
import { authenticate, signUp } from "@/server/services/users";
import { createTestApp, type TestApp } from "../integration/support/app";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ worker: false });
});
afterAll(async () => {
  await app?.close();
});

/** A hash as the previous release stored it (scrypt N=2^14). */
function legacyHash(plain: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(plain.normalize("NFKC"), salt, 64, { N: 16_384, r: 8, p: 1 });
  return ["scrypt", 16_384, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

describe("password hashing", () => {
  it("new hashes use scrypt N=2^17, r=8, p=1 and say so", async () => {
    const hash = await password.hashPassword("a long enough password");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await password.verifyPassword("a long enough password", hash)).toBe(true);
    expect(await password.verifyPassword("another password", hash)).toBe(false);
    expect(password.needsRehash(hash)).toBe(false);
  });

  it("an account with an old N=2^14 hash still signs in, and its hash is upgraded", async () => {
    const user = await signUp(app.db, { name: "Old", email: "old@example.test", password: "placeholder pw" });
    await app.db.user.update({ where: { id: user.id }, data: { passwordHash: legacyHash("remembered pw") } });
    expect(await authenticate(app.db, "old@example.test", "wrong pw")).toBeNull();
    expect((await app.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(/^scrypt\$16384\$/);
    expect(await authenticate(app.db, "old@example.test", "remembered pw")).toMatchObject({ id: user.id });
    const upgraded = (await app.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash as string;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await authenticate(app.db, "old@example.test", "remembered pw")).toMatchObject({ id: user.id });
  });

  it("a malformed stored hash is refused, not a crash", async () => {
    for (const stored of ["", "bcrypt$x", "scrypt$0$8$1$AA==$AA==", "scrypt$1073741824$8$1$AA==$AA==", "scrypt$16384$8$1$AA==$"]) {
      expect(await password.verifyPassword("pw", stored), stored).toBe(false);
    }
  });
});

describe("which emails have accounts is not revealed by sign-in", () => {
  it("an unknown email spends a full password check too (same work, same answer)", async () => {
    const decoy = vi.spyOn(password, "verifyDecoy");
    try {
      expect(await authenticate(app.db, "nobody@example.test", "some password")).toBeNull();
      expect(decoy).toHaveBeenCalledTimes(1);
    } finally {
      decoy.mockRestore();
    }
  });
});
