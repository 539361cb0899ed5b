import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { newId } from "@/db/ids";
import { authSessions, facilities } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { AppError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { listUserSessions, revokeSession } from "./sessions";
import { clearAttempts, consumeAttempt } from "./throttle";
import { createUser, deleteUser, getUser, setPassword, updateUser } from "./users";

const actor: Principal = {
  kind: "bootstrap",
  id: "test",
  label: "test",
  capabilities: new Set(["admin"]),
  facilities: "all",
};

let database: Database;
const email = () => `u-${randomUUID()}@example.com`;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("users", () => {
  it("creates a user with grants, refuses unknown facilities with the index", async () => {
    const { db } = database;
    const facilityId = `fac_${randomUUID().slice(0, 8)}`;
    await db.insert(facilities).values({ id: facilityId, name: "F", timezone: "UTC" });
    const user = await createUser(
      db,
      {
        email: email(),
        name: "Ana",
        password: "a-long-password",
        role: "viewer",
        facility_ids: [facilityId],
      },
      actor,
    );
    expect(user).toMatchObject({ role: "viewer", facility_ids: [facilityId] });
    expect(user.id).toMatch(/^usr_[0-9a-z]{16}$/);
    expect(JSON.stringify(user)).not.toContain("a-long-password");

    const error = await expectAppError(
      createUser(
        db,
        {
          email: email(),
          name: "Bo",
          password: "a-long-password",
          role: "viewer",
          facility_ids: [facilityId, "fac_nope"],
        },
        actor,
      ),
      "validation_failed",
    );
    expect(error.details?.[0]?.path).toBe("facility_ids[1]");

    await expectAppError(
      createUser(
        db,
        {
          email: user.email,
          name: "Dup",
          password: "a-long-password",
          role: "viewer",
          facility_ids: [],
        },
        actor,
      ),
      "conflict",
    );
  });

  it("never demotes or deletes the last admin", async () => {
    // A database of its own: the count of admins is global.
    const own = await openDatabase({ dataDir: "memory" });
    const { db } = own;
    const admin = await createUser(
      db,
      { email: email(), name: "A", password: "a-long-password", role: "admin", facility_ids: [] },
      actor,
    );
    await expectAppError(updateUser(db, admin.id, { role: "operator" }, actor), "conflict");
    await expectAppError(deleteUser(db, admin.id, actor), "conflict");
    const second = await createUser(
      db,
      { email: email(), name: "B", password: "a-long-password", role: "admin", facility_ids: [] },
      actor,
    );
    expect((await updateUser(db, admin.id, { role: "operator" }, actor)).role).toBe("operator");
    await expectAppError(deleteUser(db, second.id, actor), "conflict");
    await deleteUser(db, admin.id, actor);
    await expectAppError(getUser(db, admin.id), "not_found");
    await own.close();
  });

  it("setting a password revokes the user's sessions; sessions list without tokens", async () => {
    const { db } = database;
    const user = await createUser(
      db,
      { email: email(), name: "S", password: "a-long-password", role: "viewer", facility_ids: [] },
      actor,
    );
    const expiresAt = new Date(Date.now() + 3600_000);
    const ids = [newId("ses"), newId("ses")];
    await db.insert(authSessions).values(
      ids.map((id) => ({
        id,
        token: randomUUID(),
        userId: user.id,
        expiresAt,
        ipAddress: "::1",
      })),
    );
    const listed = await listUserSessions(db, user.id, { limit: 100 });
    expect(listed.items.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(JSON.stringify(listed)).not.toContain("token");

    await revokeSession(db, ids[0]!, actor);
    expect((await listUserSessions(db, user.id, { limit: 100 })).items).toHaveLength(1);
    await setPassword(db, user.id, "another-long-password", actor);
    expect((await listUserSessions(db, user.id, { limit: 100 })).items).toHaveLength(0);
    await expectAppError(revokeSession(db, ids[0]!, actor), "not_found");
  });
});

describe("consumeAttempt", () => {
  it("refuses past max in a fixed window, then starts a new window", async () => {
    const { db } = database;
    const key = `test|${randomUUID()}`;
    const rule = { window: 60, max: 3 };
    const t = 1_000_000_000;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeAttempt(db, key, rule, t + i * 1000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfter).toBe(57);
    // Still refused late in the window: the window does not slide with each attempt.
    expect((await consumeAttempt(db, key, rule, t + 59_000)).allowed).toBe(false);
    expect((await consumeAttempt(db, key, rule, t + 60_000)).allowed).toBe(true);
    await clearAttempts(db, [key]);
    for (let i = 0; i < 3; i++) expect((await consumeAttempt(db, key, rule, t)).allowed).toBe(true);
  });
});
