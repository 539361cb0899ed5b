import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import { facilities, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { enqueueWebhookEvent } from "./outbox";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function facilityWithEndpoints(
  endpoints: { types: string[]; enabled?: boolean; deleted?: boolean }[],
) {
  const { db } = database;
  const facilityId = newId("fac");
  await db.insert(facilities).values({ id: facilityId, name: "Hooks", timezone: "UTC" });
  const ids: string[] = [];
  for (const e of endpoints) {
    const id = `whk_${newId("fac").slice(4)}`;
    ids.push(id);
    await db.insert(webhookEndpoints).values({
      id,
      facilityId,
      url: "https://example.com/hook",
      eventTypes: e.types,
      secret: "whsec_test",
      enabled: e.enabled ?? true,
      createdBy: "test",
      deletedAt: e.deleted ? new Date() : null,
    });
  }
  return { facilityId, ids };
}

describe("enqueueWebhookEvent", () => {
  it("writes one pending row per enabled, live endpoint subscribed to the type, in the caller's transaction", async () => {
    const { facilityId, ids } = await facilityWithEndpoints([
      { types: ["alert.opened", "alert.resolved"] },
      { types: ["alert.opened"], enabled: false },
      { types: ["alert.opened"], deleted: true },
      { types: ["crossings.minute"] },
      { types: ["alert.opened"] },
    ]);
    const occurredAt = new Date("2026-11-30T10:00:00Z");
    const eventId = await database.db.transaction((tx) =>
      enqueueWebhookEvent(tx, {
        facilityId,
        type: "alert.opened",
        payload: { alert_id: "a1" },
        occurredAt,
      }),
    );
    expect(eventId).toMatch(/^evt_/);
    const rows = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    expect(rows.map((r) => r.endpointId).sort()).toEqual([ids[0], ids[4]].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        status: "pending",
        attempts: 0,
        type: "alert.opened",
        payload: { alert_id: "a1" },
        facilityId,
      });
      expect(row.occurredAt.toISOString()).toBe(occurredAt.toISOString());
    }
  });

  it("writes nothing when the transaction rolls back, and nothing without subscribers", async () => {
    const { facilityId } = await facilityWithEndpoints([{ types: ["alert.opened"] }]);
    let eventId = "";
    await database.db
      .transaction(async (tx) => {
        eventId = await enqueueWebhookEvent(tx, {
          facilityId,
          type: "alert.opened",
          payload: {},
          occurredAt: new Date(),
        });
        throw new Error("rollback");
      })
      .catch(() => {});
    const none = await database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    expect(none).toEqual([]);
    const other = await enqueueWebhookEvent(database.db, {
      facilityId,
      type: "occupancy.threshold",
      payload: {},
      occurredAt: new Date(),
    });
    expect(
      await database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.eventId, other)),
    ).toEqual([]);
  });
});
