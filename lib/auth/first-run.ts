import { hashPassword } from "better-auth/crypto";
import { type Db, getDatabase } from "@/db/client";
import { conflict } from "@/lib/api/errors";
import { Setup, type SetupInput, type UserDto } from "@/lib/api/schemas/user";
import { recordAudit } from "@/lib/audit/audit";
import { log } from "@/lib/log";
import { hasAdmin, lockAdmins } from "@/lib/users/admins";
import { insertUser } from "@/lib/users/users";
import type { Principal } from "./principal";

/**
 * Creates the first admin, or answers null when an admin exists already. Instances (and the setup
 * page) racing here take turns on the admin lock, so exactly one admin is created.
 */
export async function createFirstAdmin(
  db: Db,
  input: SetupInput,
  via: "environment" | "setup page",
): Promise<UserDto | null> {
  // Hash before taking the lock (~200 ms); wasted only when we lose the race.
  if (await hasAdmin(db)) return null;
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await lockAdmins(tx);
    if (await hasAdmin(tx)) return null;
    const user = await insertUser(tx, { ...input, role: "admin", facility_ids: [] }, hash);
    const actor: Principal =
      via === "environment"
        ? {
            kind: "bootstrap",
            id: "environment",
            label: "FOOTFALL_ADMIN_EMAIL",
            capabilities: new Set(),
            facilities: new Set(),
          }
        : {
            kind: "user",
            id: user.id,
            label: user.email,
            capabilities: new Set(),
            facilities: new Set(),
          };
    await recordAudit(tx, actor, {
      action: "user.create",
      entityKind: "user",
      entityId: user.id,
      details: { email: user.email, role: "admin", via },
    });
    return user;
  });
}

/** The POST behind /setup: works only while no admin exists. */
export async function setupFirstAdmin(db: Db, input: SetupInput): Promise<UserDto> {
  const user = await createFirstAdmin(db, input, "setup page");
  if (!user) throw conflict("Setup is complete: an admin exists. Sign in instead.");
  return user;
}

/**
 * At startup: with FOOTFALL_ADMIN_EMAIL and FOOTFALL_ADMIN_PASSWORD set and no admin yet, creates
 * that admin. Idempotent, and safe with several instances starting at once. Throws on a password
 * that is too short, rather than leave the setup page open.
 */
export async function ensureFirstAdmin(): Promise<void> {
  const email = process.env.FOOTFALL_ADMIN_EMAIL;
  const password = process.env.FOOTFALL_ADMIN_PASSWORD;
  if (!email || !password) return;
  const parsed = Setup.safeParse({
    email,
    password,
    name: process.env.FOOTFALL_ADMIN_NAME || "Admin",
  });
  if (!parsed.success) {
    throw new Error(
      `FOOTFALL_ADMIN_EMAIL/FOOTFALL_ADMIN_PASSWORD are not valid: ${parsed.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  }
  const { db } = await getDatabase();
  const user = await createFirstAdmin(db, parsed.data, "environment");
  if (user) log.info({ userId: user.id }, "first admin created from FOOTFALL_ADMIN_EMAIL");
}

export { hasAdmin };
