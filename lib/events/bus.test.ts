import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { liveEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { EventBus, publishEvent, publishTransient } from "./bus";
import { cursorOf } from "./event-id";
import { eventsAfter, pruneEvents, RETENTION_HOURS } from "./store";
import type { DeliveredEvent, FootfallEvent } from "./types";

const facility = `fac_bus_${Math.random().toString(36).slice(2, 10)}`;

const occupancy = (n: number): FootfallEvent => ({
  type: "occupancy",
  facility_id: facility,
  entity_kind: "facility",
  entity_id: facility,
  occupancy: n,
  previous: n - 1,
  at: new Date().toISOString(),
});

const alert = (action: "opened" | "resolved", alert: Record<string, unknown> = {}) =>
  ({
    type: "alert",
    facility_id: facility,
    action,
    alert: { id: "alr_1", ...alert },
    at: new Date().toISOString(),
  }) satisfies FootfallEvent;

function collect(bus: EventBus) {
  const got: DeliveredEvent[] = [];
  const stop = bus.subscribe((e) => {
    if (e.event.facility_id === facility) got.push(e);
  });
  return { got, stop };
}

async function until(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for events");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("event bus", () => {
  let database: Database;
  let bus: EventBus;

  beforeAll(async () => {
    database = await openTestDatabase();
    bus = new EventBus(Promise.resolve(database));
    await bus.ready;
  });
  afterAll(async () => {
    await bus.close();
    await database.close();
  });

  it("delivers an event only after its transaction commits", async () => {
    const { got, stop } = collect(bus);
    await database.db.transaction(async (tx) => {
      await publishEvent(tx, occupancy(1));
      await settle();
      expect(got).toHaveLength(0);
    });
    await until(() => got.length === 1);
    expect(got[0]!.event).toMatchObject({ type: "occupancy", occupancy: 1 });
    expect(cursorOf(got[0]!.id)).not.toBeNull();
    stop();
  });

  it("a rolled-back transaction emits nothing and persists nothing", async () => {
    const { got, stop } = collect(bus);
    const before = (await eventsAfter(database.db, 0, [facility])).length;
    await expect(
      database.db.transaction(async (tx) => {
        await publishEvent(tx, alert("opened"));
        await publishEvent(tx, occupancy(2));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await publishTransient(database.db, [occupancy(3)]);
    await until(() => got.length === 1);
    await settle();
    expect(got.map((e) => e.event.type)).toEqual(["occupancy"]);
    expect(await eventsAfter(database.db, 0, [facility])).toHaveLength(before);
    stop();
  });

  it("persists alerts with their row id as event id, and later ids carry that cursor", async () => {
    const { got, stop } = collect(bus);
    await database.db.transaction((tx) => publishEvent(tx, alert("opened")));
    await until(() => got.length === 1);
    const rowId = Number(got[0]!.id);
    expect(String(rowId)).toBe(got[0]!.id);
    const replay = await eventsAfter(database.db, rowId - 1, [facility]);
    expect(replay.map((r) => r.id)).toEqual([rowId]);
    expect(await eventsAfter(database.db, rowId, [facility])).toEqual([]);
    expect(await eventsAfter(database.db, 0, ["fac_nobody"])).toEqual([]);

    await publishTransient(database.db, [occupancy(4)]);
    await until(() => got.length === 2);
    expect(cursorOf(got[1]!.id)).toBe(rowId);
    stop();
  });

  it("an alert too large for NOTIFY travels by id and arrives whole", async () => {
    const { got, stop } = collect(bus);
    const big = "x".repeat(20_000);
    await database.db.transaction((tx) => publishEvent(tx, alert("resolved", { note: big })));
    await until(() => got.length === 1);
    const event = got[0]!.event;
    expect(event.type === "alert" && event.alert.note).toBe(big);
    stop();
  });

  it("keeps order and stops delivering after unsubscribe", async () => {
    const { got, stop } = collect(bus);
    await publishTransient(
      database.db,
      Array.from({ length: 120 }, (_, i) => occupancy(i + 10)),
    );
    await until(() => got.length === 120);
    expect(got.map((e) => (e.event as { occupancy: number }).occupancy)).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 10),
    );
    const count = bus.subscriberCount;
    stop();
    expect(bus.subscriberCount).toBe(count - 1);
    await publishTransient(database.db, [occupancy(1)]);
    await settle();
    expect(got).toHaveLength(120);
  });

  it("prunes persisted events older than the retention", async () => {
    const { got, stop } = collect(bus);
    await database.db.transaction((tx) => publishEvent(tx, alert("opened")));
    await database.db.transaction((tx) => publishEvent(tx, alert("resolved")));
    await until(() => got.length === 2);
    stop();
    const [old, recent] = got.map((e) => Number(e.id));
    const longAgo = new Date(Date.now() - (RETENTION_HOURS + 1) * 3_600_000);
    await database.db.update(liveEvents).set({ createdAt: longAgo }).where(eq(liveEvents.id, old!));
    expect(await pruneEvents(database.db)).toBeGreaterThanOrEqual(1);
    const left = (await eventsAfter(database.db, old! - 1, [facility])).map((e) => e.id);
    expect(left).toEqual([recent]);
  });

  // Several listening connections exist only on PostgreSQL: registered when DATABASE_URL is set
  // (CI runs the suite once with it), not skipped on PGlite.
  if (process.env.DATABASE_URL)
    it("two instances (two listening connections) hear each other's events", async () => {
      const other = await openTestDatabase();
      const otherBus = new EventBus(Promise.resolve(other));
      await otherBus.ready;
      try {
        const here = collect(bus);
        const there = collect(otherBus);
        await other.db.transaction((tx) => publishEvent(tx, alert("opened")));
        await database.db.transaction((tx) => publishEvent(tx, occupancy(7)));
        await until(() => here.got.length === 2 && there.got.length === 2);
        expect(here.got.map((e) => e.event.type)).toEqual(["alert", "occupancy"]);
        expect(there.got.map((e) => e.id)[0]).toBe(here.got[0]!.id);
        // A rolled-back transaction on one instance reaches neither.
        await database.db
          .transaction(async (tx) => {
            await publishEvent(tx, occupancy(8));
            await tx.execute(sql`select 1/0`);
          })
          .catch(() => {});
        await settle();
        expect(there.got).toHaveLength(2);
        here.stop();
        there.stop();
      } finally {
        await otherBus.close();
        await other.close();
      }
    });
});
