import { hashPassword } from "better-auth/crypto";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import {
  type AuthUser,
  authAccounts,
  authSessions,
  authUsers,
  userFacilityGrants,
} from "@/db/schema";
import { conflict, notFound } from "@/lib/api/errors";
import type { CreateUserInput, RoleName, UpdateUserInput, UserDto } from "@/lib/api/schemas/user";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { existingFacilityIds } from "@/lib/facilities/existing";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { lockAdmins, otherAdmins } from "./admins";

export function toUserDto(user: AuthUser, facilityIds: string[]): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    facility_ids: [...facilityIds].sort(),
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
  };
}

async function grantsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select()
    .from(userFacilityGrants)
    .where(inArray(userFacilityGrants.userId, userIds));
  for (const row of rows) out.get(row.userId)?.push(row.facilityId);
  return out;
}

async function findUser(db: Executor, id: string): Promise<AuthUser> {
  const [user] = await db.select().from(authUsers).where(eq(authUsers.id, id));
  if (!user) throw notFound("User", id);
  return user;
}

async function replaceGrants(tx: Executor, userId: string, facilityIds: string[]) {
  await tx.delete(userFacilityGrants).where(eq(userFacilityGrants.userId, userId));
  if (facilityIds.length > 0) {
    await tx
      .insert(userFacilityGrants)
      .values(facilityIds.map((facilityId) => ({ userId, facilityId })));
  }
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: RoleName;
  facility_ids: string[];
}

/**
 * Inserts the user, their password (as better-auth's scrypt hash, in a "credential" account) and
 * their facility grants, in the caller's transaction. The email must be lower-cased already.
 */
export async function insertUser(
  tx: Executor,
  input: NewUser,
  passwordHash: string,
): Promise<UserDto> {
  const facilityIds = await existingFacilityIds(tx, input.facility_ids);
  const [taken] = await tx
    .select({ id: authUsers.id })
    .from(authUsers)
    .where(eq(authUsers.email, input.email));
  if (taken) throw conflict(`A user with the email ${input.email} exists`);
  const id = newId("usr");
  const [user] = await tx
    .insert(authUsers)
    .values({ id, email: input.email, name: input.name, role: input.role, emailVerified: true })
    .returning();
  await tx.insert(authAccounts).values({
    id: newId("acc"),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: passwordHash,
  });
  await replaceGrants(tx, id, facilityIds);
  return toUserDto(user!, facilityIds);
}

export async function createUser(
  db: Db,
  input: CreateUserInput,
  actor: Principal,
): Promise<UserDto> {
  // ~200 ms of scrypt, outside the transaction.
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input, hash);
    await recordAudit(tx, actor, {
      action: "user.create",
      entityKind: "user",
      entityId: user.id,
      details: { email: user.email, role: user.role, facility_ids: user.facility_ids },
    });
    return user;
  });
}

export async function listUsers(db: Db, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(authUsers)
    .where(after ? gt(authUsers.id, after) : undefined)
    .orderBy(asc(authUsers.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  const grants = await grantsOf(
    db,
    items.map((u) => u.id),
  );
  return { items: items.map((u) => toUserDto(u, grants.get(u.id) ?? [])), next_cursor };
}

export async function getUser(db: Db, id: string): Promise<UserDto> {
  const user = await findUser(db, id);
  return toUserDto(user, (await grantsOf(db, [id])).get(id) ?? []);
}

export async function updateUser(
  db: Db,
  id: string,
  input: UpdateUserInput,
  actor: Principal,
): Promise<UserDto> {
  return db.transaction(async (tx) => {
    if (input.role !== undefined && input.role !== "admin") await lockAdmins(tx);
    const user = await findUser(tx, id);
    if (user.role === "admin" && input.role !== undefined && input.role !== "admin") {
      if ((await otherAdmins(tx, id)) === 0) throw conflict("The last admin cannot be demoted");
    }
    const facilityIds =
      input.facility_ids === undefined
        ? undefined
        : await existingFacilityIds(tx, input.facility_ids);
    const [row] = await tx
      .update(authUsers)
      .set({ name: input.name, role: input.role, updatedAt: new Date() })
      .where(eq(authUsers.id, id))
      .returning();
    if (facilityIds !== undefined) await replaceGrants(tx, id, facilityIds);
    await recordAudit(tx, actor, {
      action: "user.update",
      entityKind: "user",
      entityId: id,
      details: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role, previous_role: user.role } : {}),
        ...(facilityIds !== undefined ? { facility_ids: facilityIds } : {}),
      },
    });
    return toUserDto(row!, facilityIds ?? (await grantsOf(tx, [id])).get(id) ?? []);
  });
}

/** Removes the user, their password, grants and sessions. The last admin stays. */
export async function deleteUser(db: Db, id: string, actor: Principal): Promise<undefined> {
  await db.transaction(async (tx) => {
    await lockAdmins(tx);
    const user = await findUser(tx, id);
    if (user.role === "admin" && (await otherAdmins(tx, id)) === 0) {
      throw conflict("The last admin cannot be deleted");
    }
    await tx.delete(userFacilityGrants).where(eq(userFacilityGrants.userId, id));
    // Sessions and accounts go with the user (ON DELETE CASCADE); said outright for clarity.
    await tx.delete(authSessions).where(eq(authSessions.userId, id));
    await tx.delete(authAccounts).where(eq(authAccounts.userId, id));
    await tx.delete(authUsers).where(eq(authUsers.id, id));
    await recordAudit(tx, actor, {
      action: "user.delete",
      entityKind: "user",
      entityId: id,
      details: { email: user.email, role: user.role },
    });
  });
  return undefined;
}

/** Sets a new password and signs the user out everywhere. */
export async function setPassword(
  db: Db,
  id: string,
  password: string,
  actor: Principal,
): Promise<undefined> {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await findUser(tx, id);
    const updated = await tx
      .update(authAccounts)
      .set({ password: hash, updatedAt: new Date() })
      .where(and(eq(authAccounts.userId, id), eq(authAccounts.providerId, "credential")))
      .returning({ id: authAccounts.id });
    if (updated.length === 0) {
      await tx.insert(authAccounts).values({
        id: newId("acc"),
        accountId: id,
        providerId: "credential",
        userId: id,
        password: hash,
      });
    }
    const revoked = await tx
      .delete(authSessions)
      .where(eq(authSessions.userId, id))
      .returning({ id: authSessions.id });
    await recordAudit(tx, actor, {
      action: "user.password_set",
      entityKind: "user",
      entityId: id,
      details: { sessions_revoked: revoked.length },
    });
  });
  return undefined;
}
