import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import { crossings, facilities, occupancyLive, occupancyMinutes } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { type Entity, lockEntity, replayEntity } from "./ledger";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const t0 = Date.UTC(2026, 10, 24, 9, 0);

async function newFacility() {
  const { db } = database;
  const id = newId("fac");
  await db.insert(facilities).values({ id, name: "Test", timezone: "UTC" });
  const entity: Entity = { kind: "facility", id, facilityId: id };
  return { entity, db };
}

async function arrive(
  db: Database["db"],
  entity: Entity,
  batch: { at: number; delta: 1 | -1; camera: string }[],
) {
  await db.transaction(async (tx) => {
    await lockEntity(tx, entity);
    await tx.insert(crossings).values(
      batch.map((e) => ({
        facilityId: entity.id,
        cameraId: e.camera,
        lineId: `line_${e.camera}`,
        trackId: "t",
        delta: e.delta,
        ts: new Date(e.at),
      })),
    );
    await replayEntity(tx, entity, Math.min(...batch.map((e) => e.at)), false);
  });
}

async function liveOf(db: Database["db"], entity: Entity) {
  const [row] = await db
    .select()
    .from(occupancyLive)
    .where(and(eq(occupancyLive.entityKind, entity.kind), eq(occupancyLive.entityId, entity.id)));
  return row?.occupancy;
}

describe("the occupancy ledger on the database", () => {
  it("replays a late backlog so later minutes and the live count equal event-time order", async () => {
    const { db, entity } = await newFacility();
    // Camera A reports 3 entries at 09:10; camera B's backlog (an exit at 09:02, an entry at
    // 09:03) arrives afterwards.
    await arrive(db, entity, [
      { at: t0 + 10 * 60_000, delta: 1, camera: "a" },
      { at: t0 + 10 * 60_000 + 1000, delta: 1, camera: "a" },
      { at: t0 + 10 * 60_000 + 2000, delta: 1, camera: "a" },
    ]);
    expect(await liveOf(db, entity)).toBe(3);
    await arrive(db, entity, [
      { at: t0 + 2 * 60_000, delta: -1, camera: "b" },
      { at: t0 + 3 * 60_000, delta: 1, camera: "b" },
    ]);
    // In event time the exit at 09:02 met an empty facility: clamped, so the entry at 09:03
    // makes 1 and 09:10 ends at 4.
    expect(await liveOf(db, entity)).toBe(4);
    const minutes = await db
      .select()
      .from(occupancyMinutes)
      .where(
        and(eq(occupancyMinutes.entityKind, "facility"), eq(occupancyMinutes.entityId, entity.id)),
      )
      .orderBy(occupancyMinutes.minute);
    expect(
      minutes.map((m) => [
        (m.minute.getTime() - t0) / 60_000,
        m.occStart,
        m.occEnd,
        m.clamps,
        m.entries,
        m.exits,
      ]),
    ).toEqual([
      [2, 0, 0, 1, 0, 1],
      [3, 0, 1, 0, 1, 0],
      [10, 1, 4, 0, 3, 0],
    ]);
  });
});
