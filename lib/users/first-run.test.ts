import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDatabase, openDatabase } from "@/db/client";
import { auditLog, authUsers } from "@/db/schema";
import { createFirstAdmin, ensureFirstAdmin } from "@/lib/auth/first-run";

describe("first admin", () => {
  it("is created once, however many callers race for it", async () => {
    // A database of its own: "no admin yet" is global state.
    const { db, close } = await openDatabase({ dataDir: "memory" });
    const made = await Promise.all(
      ["a", "b", "c"].map((who) =>
        createFirstAdmin(
          db,
          { email: `${who}@example.com`, name: who, password: "a-long-password" },
          "setup page",
        ),
      ),
    );
    expect(made.filter(Boolean)).toHaveLength(1);
    const admins = await db.select().from(authUsers).where(eq(authUsers.role, "admin"));
    expect(admins).toHaveLength(1);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, admins[0]!.id));
    expect(audit.map((a) => a.action)).toEqual(["user.create"]);
    expect(JSON.stringify(audit)).not.toContain("a-long-password");
    await close();
  });

  describe("from the environment", () => {
    const saved = { ...process.env };
    afterAll(async () => {
      process.env = saved;
      await (await getDatabase()).close();
    });

    it("creates the admin when set, once, and refuses a short password", async () => {
      delete process.env.DATABASE_URL;
      process.env.FOOTFALL_DATA_DIR = "memory";
      process.env.FOOTFALL_ADMIN_EMAIL = "Boss@Example.com";
      process.env.FOOTFALL_ADMIN_PASSWORD = "short";
      await expect(ensureFirstAdmin()).rejects.toThrow(/FOOTFALL_ADMIN_PASSWORD/);
      process.env.FOOTFALL_ADMIN_PASSWORD = "a-long-enough-password";
      await ensureFirstAdmin();
      await ensureFirstAdmin();
      const { db } = await getDatabase();
      const admins = await db.select().from(authUsers).where(eq(authUsers.role, "admin"));
      expect(admins.map((a) => a.email)).toEqual(["boss@example.com"]);
    });
  });
});
