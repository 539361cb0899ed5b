import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import {
  alerts,
  cameraMinutes,
  facilities,
  occupancyAdjustments,
  occupancyHourly,
  occupancyLive,
  occupancyMinutes,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import { allPlaces } from "./context";
import { checkDrift } from "./drift";
import { checkIngestDrop } from "./ingest-drop";
import { checkAnomalies } from "./jobs";
import { checkUnusualOccupancy, sameHourInPastWeeks } from "./unusual";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function newFacility(timezone = "Asia/Kathmandu") {
  const id = newId("fac");
  await database.db.insert(facilities).values({ id, name: "Loading dock", timezone });
  return id;
}

async function placesOf(facilityId: string) {
  return (await allPlaces(database.db)).filter((p) => p.facility.id === facilityId);
}

async function alertsOf(facilityId: string) {
  return database.db.select().from(alerts).where(eq(alerts.facilityId, facilityId));
}

async function setLive(facilityId: string, occupancy: number) {
  await database.db
    .insert(occupancyLive)
    .values({ entityKind: "facility", entityId: facilityId, facilityId, occupancy })
    .onConflictDoUpdate({
      target: [occupancyLive.entityKind, occupancyLive.entityId],
      set: { occupancy },
    });
}

describe("unusual occupancy", () => {
  it("compares with the same local hour of past weeks and clears when back to usual", async () => {
    const now = Date.now();
    const facilityId = await newFacility();
    const averages = [20, 22, 19, 21, 80, 20];
    const starts = sameHourInPastWeeks(now, "Asia/Kathmandu");
    await database.db.insert(occupancyHourly).values(
      averages.map((avg, i) => ({
        entityKind: "facility" as const,
        entityId: facilityId,
        facilityId,
        start: new Date(starts[i]!),
        end: new Date(starts[i]! + 3_600_000),
        entries: 0,
        exits: 0,
        occStart: avg,
        occEnd: avg,
        occMin: avg,
        occMinAt: new Date(starts[i]!),
        occMax: avg,
        occMaxAt: new Date(starts[i]!),
        integral: avg * 3600,
        coveredIntegral: avg * 3600,
        coveredSeconds: 3600,
        minutesOverCapacity: null,
        clamps: 0,
        adjusted: false,
        hasData: true,
      })),
    );
    await setLive(facilityId, 45);
    await checkUnusualOccupancy(database.db, await placesOf(facilityId), now);
    const [alert] = await alertsOf(facilityId);
    expect(alert).toMatchObject({ type: "unusual_occupancy", status: "open" });
    expect(alert!.evidence).toMatchObject({ occupancy: 45, median: 20.5 });
    await setLive(facilityId, 23);
    await checkUnusualOccupancy(database.db, await placesOf(facilityId), now);
    expect((await alertsOf(facilityId))[0]).toMatchObject({ status: "resolved" });
  });

  it("has nothing to say without four weeks of history", async () => {
    const facilityId = await newFacility();
    await setLive(facilityId, 500);
    await checkUnusualOccupancy(database.db, await placesOf(facilityId), Date.now());
    expect(await alertsOf(facilityId)).toHaveLength(0);
  });
});

describe("ingest rate collapse", () => {
  it("opens when frames stop arriving and resolves when they are back", async () => {
    const now = Date.now();
    const end = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const facilityId = await newFacility("UTC");
    const cameraId = newId("cam");
    const minutes = (from: number, count: number, frames: number) =>
      Array.from({ length: count }, (_, i) => ({
        cameraId,
        facilityId,
        minute: new Date(from + i * MINUTE_MS),
        frames,
        detections: 0,
      }));
    await database.db.insert(cameraMinutes).values(minutes(end - 75 * MINUTE_MS, 60, 600));
    await database.db.insert(cameraMinutes).values(minutes(end - 15 * MINUTE_MS, 15, 20));
    await checkIngestDrop(database.db, await placesOf(facilityId), now);
    const [alert] = await alertsOf(facilityId);
    expect(alert).toMatchObject({ type: "ingest_drop", severity: "warning", status: "open" });
    expect(alert!.evidence).toMatchObject({
      recent_frames_per_minute: 20,
      baseline_frames_per_minute: 600,
    });
    await database.db.insert(cameraMinutes).values(minutes(end, 15, 600));
    await checkIngestDrop(database.db, await placesOf(facilityId), now + 15 * MINUTE_MS);
    expect((await alertsOf(facilityId))[0]).toMatchObject({ status: "resolved" });
  });
});

describe("drift", () => {
  it("warns when the count had not come back to zero at the daily reset", async () => {
    const now = Date.now();
    const facilityId = await newFacility("UTC");
    const resetAt = Math.floor(now / MINUTE_MS) * MINUTE_MS - 60 * MINUTE_MS;
    await database.db.insert(occupancyMinutes).values({
      entityKind: "facility",
      entityId: facilityId,
      facilityId,
      minute: new Date(resetAt - 5 * MINUTE_MS),
      occStart: 7,
      occEnd: 7,
      occMin: 7,
      occMax: 7,
      integral: 7 * 60,
    });
    await database.db.insert(occupancyAdjustments).values({
      facilityId,
      entityKind: "facility",
      entityId: facilityId,
      kind: "reset",
      ts: new Date(resetAt),
      value: 0,
    });
    await checkDrift(database.db, await placesOf(facilityId), now);
    await checkDrift(database.db, await placesOf(facilityId), now + 60_000);
    const rows = await alertsOf(facilityId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "drift", status: "open" });
    expect(rows[0]!.evidence).toMatchObject({
      check: { kind: "reset", residual: 7 },
      tolerance: 2,
    });
  });

  it("the whole anomaly job runs on this driver", async () => {
    const result = await checkAnomalies(database.db, Math.floor(Date.now() / 300_000) * 300_000);
    expect(Object.values(result).every((v) => v === null || typeof v === "number")).toBe(true);
    expect(result.drift).not.toBeNull();
    expect(result.unusual_occupancy).not.toBeNull();
    expect(result.ingest_drop).not.toBeNull();
  });
});
