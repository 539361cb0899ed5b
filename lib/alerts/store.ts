import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { randomToken } from "@/db/ids";
import { type Alert, type AlertType, alerts } from "@/db/schema";
import type { AlertDto } from "@/lib/api/schemas/alert";
import type { Principal } from "@/lib/auth/principal";
import { publishEvent } from "@/lib/events/bus";
import { iso, isoOrNull } from "@/lib/iso";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";
import type { Severity } from "./capacity";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** `alr_` + the opening time in 10 base32 digits + randomness: ids sort by when alerts opened. */
export function newAlertId(at: number): string {
  let t = Math.max(0, Math.floor(at));
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `alr_${time}${randomToken(8)}`;
}

export function toAlertDto(a: Alert): AlertDto {
  return {
    id: a.id,
    type: a.type,
    severity: a.severity,
    status: a.status,
    facility_id: a.facilityId,
    zone_id: a.zoneId,
    camera_id: a.cameraId,
    message: a.message,
    evidence: a.evidence,
    opened_at: iso(a.openedAt),
    escalated_at: isoOrNull(a.escalatedAt),
    updated_at: iso(a.updatedAt),
    acknowledged_at: isoOrNull(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy
      ? { id: a.acknowledgedBy, label: a.acknowledgedByLabel ?? a.acknowledgedBy }
      : null,
    acknowledge_note: a.acknowledgeNote,
    resolved_at: isoOrNull(a.resolvedAt),
    resolved_by: a.resolvedBy
      ? { id: a.resolvedBy, label: a.resolvedByLabel ?? a.resolvedBy }
      : null,
    resolve_note: a.resolveNote,
  };
}

export type AlertAction = "opened" | "escalated" | "resolved" | "acknowledged";

/** Live stream and webhooks, in the alert's own transaction (sent only if it commits). */
async function announce(tx: Executor, action: AlertAction, alert: Alert, at: Date) {
  const dto = toAlertDto(alert);
  await publishEvent(tx, {
    type: "alert",
    facility_id: alert.facilityId,
    action,
    alert: dto,
    at: iso(at),
  });
  await enqueueWebhookEvent(tx, {
    facilityId: alert.facilityId,
    type: `alert.${action}`,
    payload: { action, alert: dto },
    occurredAt: at,
  });
}

export const activeStatuses = ["open", "acknowledged"] as const;

export async function findActive(tx: Executor, conditionKey: string): Promise<Alert | null> {
  const [row] = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.conditionKey, conditionKey), inArray(alerts.status, [...activeStatuses])));
  return row ?? null;
}

/** The condition's most recent alert, whatever its status. */
export async function findLatest(tx: Executor, conditionKey: string): Promise<Alert | null> {
  const [row] = await tx
    .select()
    .from(alerts)
    .where(eq(alerts.conditionKey, conditionKey))
    .orderBy(desc(alerts.openedAt))
    .limit(1);
  return row ?? null;
}

export interface NewAlert {
  facilityId: string;
  zoneId?: string | null;
  cameraId?: string | null;
  type: AlertType;
  severity: Severity;
  conditionKey: string;
  message: string;
  evidence: Record<string, unknown>;
}

/** Opens an alert unless its condition already has an active one (then null). */
export async function openAlert(tx: Executor, a: NewAlert, at: Date): Promise<Alert | null> {
  const [row] = await tx
    .insert(alerts)
    .values({
      id: newAlertId(at.getTime()),
      facilityId: a.facilityId,
      zoneId: a.zoneId ?? null,
      cameraId: a.cameraId ?? null,
      type: a.type,
      severity: a.severity,
      status: "open",
      conditionKey: a.conditionKey,
      message: a.message,
      evidence: a.evidence,
      openedAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (row) await announce(tx, "opened", row, at);
  return row ?? null;
}

export async function escalateAlert(
  tx: Executor,
  id: string,
  change: { severity: Severity; message: string; evidence: Record<string, unknown> },
  at: Date,
): Promise<Alert | null> {
  const [row] = await tx
    .update(alerts)
    // Worse news wants attention again: an acknowledged alert is open again once escalated.
    .set({ ...change, status: "open", escalatedAt: at, updatedAt: at })
    .where(and(eq(alerts.id, id), inArray(alerts.status, [...activeStatuses])))
    .returning();
  if (row) await announce(tx, "escalated", row, at);
  return row ?? null;
}

/** Who resolves or acknowledges: a caller, or the system itself. */
export type Actor = Principal | "system";
const actorOf = (a: Actor) =>
  a === "system" ? { id: "system", label: "system" } : { id: a.id, label: a.label };

export async function resolveAlert(
  tx: Executor,
  id: string,
  by: Actor,
  note: string | null,
  at: Date,
  evidence?: Record<string, unknown>,
): Promise<Alert | null> {
  const who = actorOf(by);
  const [row] = await tx
    .update(alerts)
    .set({
      status: "resolved",
      resolvedAt: at,
      resolvedBy: who.id,
      resolvedByLabel: who.label,
      resolveNote: note,
      updatedAt: at,
      ...(evidence ? { evidence } : {}),
    })
    .where(and(eq(alerts.id, id), inArray(alerts.status, [...activeStatuses])))
    .returning();
  if (row) await announce(tx, "resolved", row, at);
  return row ?? null;
}

export async function acknowledgeAlert(
  tx: Executor,
  id: string,
  by: Principal,
  note: string | null,
  at: Date,
): Promise<Alert | null> {
  const [row] = await tx
    .update(alerts)
    .set({
      status: "acknowledged",
      acknowledgedAt: at,
      acknowledgedBy: by.id,
      acknowledgedByLabel: by.label,
      acknowledgeNote: note,
      updatedAt: at,
    })
    .where(and(eq(alerts.id, id), eq(alerts.status, "open")))
    .returning();
  if (row) await announce(tx, "acknowledged", row, at);
  return row ?? null;
}
