import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { occupancyLive } from "@/db/schema";
import { log } from "@/lib/log";
import { sweepCapacity } from "./capacity-alerts";
import { allPlaces } from "./context";
import { checkDrift } from "./drift";
import { checkIngestDrop } from "./ingest-drop";
import { checkCameraOffline } from "./offline";
import { checkUnusualOccupancy } from "./unusual";

async function step(name: string, run: () => Promise<number>): Promise<number | null> {
  try {
    return await run();
  } catch (error) {
    log.error({ err: error, check: name }, "alert check failed");
    return null;
  }
}

/**
 * Every few seconds: capacity alerts whose minimum duration or cooldown ran out, and silent
 * cameras. Idempotent: each alert opens once per condition (unique index) and every decision is
 * made from the database, so any instance may run it.
 */
export async function watchAlerts(db: Db, now = Date.now()) {
  return {
    capacity: await step("capacity", () => sweepCapacity(db, { all: false }, now)),
    camera_offline: await step("camera_offline", () => checkCameraOffline(db, now)),
  };
}

/** Each minute: every capacity against its current rule, and the anomaly rules. */
export async function checkAnomalies(db: Db, now = Date.now()) {
  const capacity = await step("capacity", () => sweepCapacity(db, { all: true }, now));
  const places = await allPlaces(db);
  // Occupancy rules only mean something where occupancy is counted.
  const counted = new Set(
    (
      await db
        .select({ id: occupancyLive.entityId })
        .from(occupancyLive)
        .where(inArray(occupancyLive.entityKind, ["facility", "zone"]))
    ).map((r) => r.id),
  );
  const measured = places.filter((p) => counted.has(p.id));
  return {
    capacity,
    ingest_drop: await step("ingest_drop", () => checkIngestDrop(db, places, now)),
    unusual_occupancy: await step("unusual_occupancy", () =>
      checkUnusualOccupancy(db, measured, now),
    ),
    // The end of the day comes once a day: every five minutes is soon enough.
    drift:
      Math.floor(now / 60_000) % 5 === 0
        ? await step("drift", () => checkDrift(db, measured, now))
        : null,
  };
}
