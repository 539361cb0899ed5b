import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { iso } from "@/lib/iso";

/** Newest first; the cursor is the last id of the previous page. */
export async function listAudit(
  db: Db,
  q: {
    limit: number;
    cursor?: string;
    entity_kind?: string;
    entity_id?: string;
    facility_id?: string;
  },
) {
  const before = q.cursor === undefined ? undefined : Number(q.cursor);
  if (before !== undefined && !Number.isSafeInteger(before)) {
    throw new AppError("validation_failed", "The cursor is not valid", [
      {
        path: "query.cursor",
        code: "invalid_cursor",
        message: "Use next_cursor from a previous page",
      },
    ]);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        before !== undefined ? lt(auditLog.id, before) : undefined,
        q.entity_kind ? eq(auditLog.entityKind, q.entity_kind) : undefined,
        q.entity_id ? eq(auditLog.entityId, q.entity_id) : undefined,
        q.facility_id ? eq(auditLog.facilityId, q.facility_id) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return {
    items: items.map((r) => ({
      id: String(r.id),
      at: iso(r.at),
      actor_kind: r.actorKind,
      actor_id: r.actorId,
      actor_label: r.actorLabel,
      action: r.action,
      entity_kind: r.entityKind,
      entity_id: r.entityId,
      facility_id: r.facilityId,
      details: r.details,
    })),
    next_cursor: more ? String(items[items.length - 1]!.id) : null,
  };
}
