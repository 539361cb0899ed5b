import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import {
  alerts,
  auditLog,
  cameraStates,
  cameras,
  facilities,
  liveEvents,
  occupancyAdjustments,
  webhookDeliveries,
  webhookEndpoints,
  zones,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { Principal } from "@/lib/auth/principal";
import { type Entity, lockEntity, replayEntity } from "@/lib/occupancy/ledger";
import { putWorkingHours } from "@/lib/working-hours/working-hours";
import { acknowledge, listAlerts, resolve } from "./alerts";
import { sweepCapacity } from "./capacity-alerts";
import { checkCameraOffline } from "./offline";
import { putAlertRules } from "./rule-store";
import "./register";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const operator: Principal = {
  kind: "key",
  id: "key_operator",
  label: "safety desk (key_operator)",
  capabilities: new Set(["read", "configure"]),
  facilities: "all",
};

let clock = Date.UTC(2026, 10, 24, 9, 0);

async function newFacility(capacity: number | null, timezone = "UTC") {
  const id = newId("fac");
  await database.db.insert(facilities).values({ id, name: "Assembly hall", timezone, capacity });
  return id;
}

/** Sets an entity's occupancy through the ledger, as a calibration would: listeners run. */
async function setOccupancy(entity: Entity, value: number) {
  clock += 1000;
  const ts = clock;
  await database.db.transaction(async (tx) => {
    await lockEntity(tx, entity);
    await tx.insert(occupancyAdjustments).values({
      facilityId: entity.facilityId,
      entityKind: entity.kind,
      entityId: entity.id,
      kind: "calibration",
      ts: new Date(ts),
      value,
    });
    await replayEntity(tx, entity, ts, false);
  });
}

async function alertsOf(facilityId: string) {
  return database.db.select().from(alerts).where(eq(alerts.facilityId, facilityId));
}

describe("capacity alerts on the database", () => {
  it("opens one warning, escalates it in place, ignores a wobble and resolves below the clear level", async () => {
    const facilityId = await newFacility(10);
    const entity: Entity = { kind: "facility", id: facilityId, facilityId };
    await setOccupancy(entity, 5);
    expect(await alertsOf(facilityId)).toHaveLength(0);
    await setOccupancy(entity, 8);
    for (const v of [7, 8, 7, 8, 7]) await setOccupancy(entity, v);
    let rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "capacity", severity: "warning", status: "open" });
    await setOccupancy(entity, 10);
    rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "critical", status: "open" });
    expect(rows[0]!.escalatedAt).not.toBeNull();
    await setOccupancy(entity, 12);
    await setOccupancy(entity, 7);
    expect((await alertsOf(facilityId))[0]!.status).toBe("open");
    await setOccupancy(entity, 6);
    rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "resolved", resolvedBy: "system" });
    expect(rows[0]!.evidence).toMatchObject({ peak: 12, resolved_occupancy: 6 });
    // Each step went out on the live bus, persisted for replay.
    const events = await database.db
      .select()
      .from(liveEvents)
      .where(eq(liveEvents.facilityId, facilityId));
    expect(events.map((e) => (e.payload as { action: string }).action)).toEqual([
      "opened",
      "escalated",
      "resolved",
    ]);
  });

  it("alerts on a zone against the zone's own capacity", async () => {
    const facilityId = await newFacility(null);
    const zoneId = newId("zone");
    await database.db
      .insert(zones)
      .values({ id: zoneId, facilityId, name: "Mezzanine", capacity: 4 });
    await setOccupancy({ kind: "zone", id: zoneId, facilityId }, 4);
    const rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ zoneId, severity: "critical" });
  });

  it("waits for the minimum duration, then the job fires it", async () => {
    const facilityId = await newFacility(10);
    await putAlertRules(
      database.db,
      "facility",
      facilityId,
      { capacity: { min_duration_seconds: 60 } },
      operator,
    );
    const entity: Entity = { kind: "facility", id: facilityId, facilityId };
    await setOccupancy(entity, 9);
    expect(await alertsOf(facilityId)).toHaveLength(0);
    await sweepCapacity(database.db, { all: false }, Date.now() + 30_000);
    expect(await alertsOf(facilityId)).toHaveLength(0);
    await sweepCapacity(database.db, { all: false }, Date.now() + 61_000);
    const rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.severity).toBe("warning");
  });

  it("records who acknowledged and who resolved, with their notes", async () => {
    const facilityId = await newFacility(10);
    await setOccupancy({ kind: "facility", id: facilityId, facilityId }, 9);
    const [alert] = await alertsOf(facilityId);
    const acked = await acknowledge(database.db, alert!.id, "on my way", operator);
    expect(acked).toMatchObject({
      status: "acknowledged",
      acknowledged_by: { id: "key_operator" },
      acknowledge_note: "on my way",
    });
    await expect(acknowledge(database.db, alert!.id, undefined, operator)).rejects.toThrow(
      /already acknowledged/,
    );
    const done = await resolve(database.db, alert!.id, "door closed", operator);
    expect(done).toMatchObject({
      status: "resolved",
      resolved_by: { id: "key_operator", label: operator.label },
      resolve_note: "door closed",
    });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityKind, "alert"), eq(auditLog.entityId, alert!.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["alert.acknowledge", "alert.resolve"]);
    const active = await listAlerts(
      database.db,
      { facility_id: facilityId, status: "active", limit: 10 },
      operator,
    );
    expect(active.items).toHaveLength(0);
    const all = await listAlerts(
      database.db,
      { facility_id: facilityId, status: "all", limit: 10 },
      operator,
    );
    expect(all.items.map((a) => a.id)).toEqual([alert!.id]);
  });
});

describe("escalation after an acknowledgement", () => {
  it("opens the acknowledged alert again, keeping who acknowledged it", async () => {
    const facilityId = await newFacility(10);
    const entity: Entity = { kind: "facility", id: facilityId, facilityId };
    await setOccupancy(entity, 8);
    const [alert] = await alertsOf(facilityId);
    await acknowledge(database.db, alert!.id, "seen", operator);
    await setOccupancy(entity, 11);
    const [after] = await alertsOf(facilityId);
    expect(after).toMatchObject({
      id: alert!.id,
      severity: "critical",
      status: "open",
      acknowledgedBy: operator.id,
    });
  });
});

describe("notifications", () => {
  it("writes alert and threshold events to the webhook outbox in the same transaction", async () => {
    const facilityId = await newFacility(10);
    const endpointId = newId("key").replace("key_", "whk_");
    await database.db.insert(webhookEndpoints).values({
      id: endpointId,
      facilityId,
      url: "https://hooks.example.invalid/x",
      eventTypes: ["alert.opened", "alert.escalated", "alert.resolved", "occupancy.threshold"],
      secret: "s",
      createdBy: "test",
    });
    const entity: Entity = { kind: "facility", id: facilityId, facilityId };
    for (const v of [8, 10, 2]) await setOccupancy(entity, v);
    const sent = await database.db
      .select({ type: webhookDeliveries.type, payload: webhookDeliveries.payload })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.facilityId, facilityId))
      .orderBy(webhookDeliveries.occurredAt, webhookDeliveries.type);
    expect(sent.map((d) => d.type)).toEqual([
      "alert.opened",
      "occupancy.threshold",
      "alert.escalated",
      "occupancy.threshold",
      "alert.resolved",
      "occupancy.threshold",
    ]);
    expect(sent.filter((d) => d.type === "occupancy.threshold").map((d) => d.payload.to)).toEqual([
      "warning",
      "critical",
      "none",
    ]);
    // Nothing to deliver for a server that shares this database.
    await database.db
      .update(webhookEndpoints)
      .set({ enabled: false })
      .where(eq(webhookEndpoints.id, endpointId));
    await database.db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  });
});

describe("camera_offline alerts on the database", () => {
  async function silentCamera(facilityId: string, silentMs: number, now: number) {
    const id = newId("cam");
    await database.db
      .insert(cameras)
      .values({ id, facilityId, name: "Loading dock", width: 1920, height: 1080 });
    await database.db
      .insert(cameraStates)
      .values({ cameraId: id, lastSeenAt: new Date(now - silentMs) });
    return id;
  }

  it("opens for a camera silent during working hours and resolves when it reports", async () => {
    const now = Date.now();
    const facilityId = await newFacility(null);
    await putAlertRules(
      database.db,
      "facility",
      facilityId,
      { camera_offline: { minutes: 5 } },
      operator,
    );
    const quiet = await silentCamera(facilityId, 2 * 60_000, now);
    const silent = await silentCamera(facilityId, 6 * 60_000, now);
    await checkCameraOffline(database.db, now);
    let rows = await alertsOf(facilityId);
    expect(rows.map((r) => r.cameraId)).toEqual([silent]);
    expect(rows[0]).toMatchObject({ type: "camera_offline", status: "open" });
    expect(rows[0]!.evidence).toMatchObject({ threshold_minutes: 5 });
    // Run again: still one.
    await checkCameraOffline(database.db, now + 1000);
    expect(await alertsOf(facilityId)).toHaveLength(1);
    await database.db
      .update(cameraStates)
      .set({ lastSeenAt: new Date(now + 2000) })
      .where(eq(cameraStates.cameraId, silent));
    await checkCameraOffline(database.db, now + 3000);
    rows = await alertsOf(facilityId);
    expect(rows[0]).toMatchObject({ status: "resolved", resolvedBy: "system" });
    expect(quiet).toBeTruthy();
  });

  it("stays quiet outside working hours", async () => {
    const now = Date.now();
    const facilityId = await newFacility(null);
    const today = new Date(now).toISOString().slice(0, 10);
    const tomorrow = new Date(now + 86_400_000).toISOString().slice(0, 10);
    await putWorkingHours(
      database.db,
      facilityId,
      { weekly: { mon: [{ start: "00:00", end: "24:00" }] }, closed_dates: [today, tomorrow] },
      operator,
    );
    await silentCamera(facilityId, 60 * 60_000, now);
    await checkCameraOffline(database.db, now);
    expect(await alertsOf(facilityId)).toHaveLength(0);
  });
});
