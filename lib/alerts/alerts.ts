import { and, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import { AppError, notFound } from "@/lib/api/errors";
import type { AlertDto, ListAlertsInput } from "@/lib/api/schemas/alert";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible, visibleFacilities } from "@/lib/auth/scope";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { acknowledgeAlert, activeStatuses, resolveAlert, toAlertDto } from "./store";

/** Newest first (ids sort by opening time). */
export async function listAlerts(db: Db, q: ListAlertsInput, actor: Principal) {
  const after = decodeCursor(q.cursor);
  if (q.facility_id) assertVisible(actor, q.facility_id, "Facility", q.facility_id);
  const where: (SQL | undefined)[] = [
    visibleFacilities(actor, alerts.facilityId),
    q.facility_id ? eq(alerts.facilityId, q.facility_id) : undefined,
    q.zone_id ? eq(alerts.zoneId, q.zone_id) : undefined,
    q.camera_id ? eq(alerts.cameraId, q.camera_id) : undefined,
    q.type ? eq(alerts.type, q.type) : undefined,
    q.severity ? eq(alerts.severity, q.severity) : undefined,
    q.status === "active"
      ? inArray(alerts.status, [...activeStatuses])
      : q.status === "resolved"
        ? eq(alerts.status, "resolved")
        : undefined,
    q.from ? gte(alerts.openedAt, new Date(q.from)) : undefined,
    q.to ? lt(alerts.openedAt, new Date(q.to)) : undefined,
    after ? lt(alerts.id, after) : undefined,
  ];
  const rows = await db
    .select()
    .from(alerts)
    .where(and(...where))
    .orderBy(desc(alerts.id))
    .limit(q.limit + 1);
  const { items, next_cursor } = pageOf(rows, q.limit);
  return { items: items.map(toAlertDto), next_cursor };
}

async function visibleAlert(db: Db, id: string, actor: Principal) {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  if (!row) throw notFound("Alert", id);
  assertVisible(actor, row.facilityId, "Alert", id);
  return row;
}

export async function getAlert(db: Db, id: string, actor: Principal): Promise<AlertDto> {
  return toAlertDto(await visibleAlert(db, id, actor));
}

/** An alert's hand-made step (acknowledge, resolve): applied, audited with the note, answered. */
async function step(
  db: Db,
  id: string,
  note: string | undefined,
  actor: Principal,
  action: "alert.acknowledge" | "alert.resolve",
  apply: typeof acknowledgeAlert,
): Promise<AlertDto> {
  return db.transaction(async (tx) => {
    const row = await apply(tx, id, actor, note || null, new Date());
    if (!row) throw new AppError("conflict", "The alert changed meanwhile; read it again");
    await recordAudit(tx, actor, {
      action,
      entityKind: "alert",
      entityId: id,
      facilityId: row.facilityId,
      details: { note: note ?? null },
    });
    return toAlertDto(row);
  });
}

/** Marks an open alert as seen by the caller; it stays active until its condition ends. */
export async function acknowledge(
  db: Db,
  id: string,
  note: string | undefined,
  actor: Principal,
): Promise<AlertDto> {
  const alert = await visibleAlert(db, id, actor);
  if (alert.status !== "open") {
    throw new AppError("conflict", `The alert is already ${alert.status}`);
  }
  return step(db, id, note, actor, "alert.acknowledge", acknowledgeAlert);
}

/**
 * Closes an alert by hand. If its condition still holds, a new alert may open after the rule's
 * cooldown.
 */
export async function resolve(
  db: Db,
  id: string,
  note: string | undefined,
  actor: Principal,
): Promise<AlertDto> {
  const alert = await visibleAlert(db, id, actor);
  if (alert.status === "resolved") throw new AppError("conflict", "The alert is already resolved");
  return step(db, id, note, actor, "alert.resolve", resolveAlert);
}
