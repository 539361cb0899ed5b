import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AuthSession, authSessions, authUsers } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import type { MySessionDto, SessionDto } from "@/lib/api/schemas/user";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";

/** Everything about a session except its token. */
export function toSessionDto(s: AuthSession): SessionDto {
  return {
    id: s.id,
    user_id: s.userId,
    created_at: iso(s.createdAt),
    expires_at: iso(s.expiresAt),
    ip: s.ipAddress,
    user_agent: s.userAgent,
  };
}

async function activeSessions(
  db: Db,
  userId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: AuthSession[]; next_cursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(authSessions)
    .where(
      and(
        eq(authSessions.userId, userId),
        gt(authSessions.expiresAt, new Date()),
        after ? gt(authSessions.id, after) : undefined,
      ),
    )
    .orderBy(asc(authSessions.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}

/** A user's unexpired sessions (admin view). */
export async function listUserSessions(
  db: Db,
  userId: string,
  page: { limit: number; cursor?: string },
) {
  const [user] = await db
    .select({ id: authUsers.id })
    .from(authUsers)
    .where(eq(authUsers.id, userId));
  if (!user) throw notFound("User", userId);
  const { items, next_cursor } = await activeSessions(db, userId, page);
  return { items: items.map(toSessionDto), next_cursor };
}

/** Signs a session out, whoever it belongs to (admin). */
export async function revokeSession(db: Db, id: string, actor: Principal): Promise<undefined> {
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(authSessions)
      .where(eq(authSessions.id, id))
      .returning({ userId: authSessions.userId });
    if (!gone) throw notFound("Session", id);
    await recordAudit(tx, actor, {
      action: "session.revoke",
      entityKind: "session",
      entityId: id,
      details: { user_id: gone.userId },
    });
  });
  return undefined;
}

/** The signed-in person's own sessions, the current one marked. */
export async function listMySessions(
  db: Db,
  me: { userId: string; sessionId: string },
  page: { limit: number; cursor?: string },
): Promise<{ items: MySessionDto[]; next_cursor: string | null }> {
  const { items, next_cursor } = await activeSessions(db, me.userId, page);
  return {
    items: items.map((s) => ({ ...toSessionDto(s), current: s.id === me.sessionId })),
    next_cursor,
  };
}

/** Signs out one of the person's own sessions; someone else's answers 404. */
export async function revokeMySession(
  db: Db,
  me: { userId: string; email: string },
  id: string,
): Promise<undefined> {
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(authSessions)
      .where(and(eq(authSessions.id, id), eq(authSessions.userId, me.userId)))
      .returning({ id: authSessions.id });
    if (!gone) throw notFound("Session", id);
    await recordAudit(
      tx,
      {
        kind: "user",
        id: me.userId,
        label: me.email,
        capabilities: new Set(),
        facilities: new Set(),
      },
      { action: "session.revoke", entityKind: "session", entityId: id, details: { own: true } },
    );
  });
  return undefined;
}
