import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import {
  cameras,
  facilities,
  lineMinutes,
  webhookDeliveries,
  webhookEndpoints,
  webhookMinuteCursors,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { WebhookConfig } from "./config";
import { newWebhookId } from "./ids";
import { summariseMinutes } from "./minute-summary";
import { enqueueWebhookEvent } from "./outbox";
import { verifySignature } from "./signature";
import { deliverDue } from "./worker";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback answering with `answer(n)` for its n-th request (1-based). */
async function receiver(answer: (n: number) => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer(received.length);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

const config: WebhookConfig = {
  backoff: { baseMs: 1, capMs: 1 },
  maxAttempts: 3,
  timeoutMs: 2000,
  allowPrivate: true,
  minuteDelayMs: 10_000,
};

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function setup(url: string, types: string[]) {
  const { db } = database;
  const facilityId = newId("fac");
  await db.insert(facilities).values({ id: facilityId, name: "Hooks", timezone: "UTC" });
  const id = newWebhookId();
  await db.insert(webhookEndpoints).values({
    id,
    facilityId,
    url,
    eventTypes: types,
    secret: "whsec_worker",
    createdBy: "test",
  });
  return { facilityId, endpointId: id };
}

async function drain(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    await deliverDue(database.db, config);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const deliveryOf = async (eventId: string) =>
  (
    await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId))
  )[0]!;

describe("webhook delivery", () => {
  it("signs, retries a failing receiver with the same event id and records the delivery", async () => {
    const r = await receiver((n) => (n <= 2 ? 500 : 204));
    const { facilityId } = await setup(r.url, ["alert.opened"]);
    const eventId = await enqueueWebhookEvent(database.db, {
      facilityId,
      type: "alert.opened",
      payload: { alert_id: "a1" },
      occurredAt: new Date("2026-11-30T10:00:00Z"),
    });
    await drain();
    await r.close();
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers["x-footfall-event-id"]))).toEqual(
      new Set([eventId]),
    );
    expect(r.received.map((x) => x.headers["x-footfall-attempt"])).toEqual(["1", "2", "3"]);
    for (const x of r.received) {
      const header = String(x.headers["x-footfall-signature"]);
      expect(header).toMatch(
        new RegExp(`^t=${x.headers["x-footfall-timestamp"]},v1=[0-9a-f]{64}$`),
      );
      expect(verifySignature("whsec_worker", header, x.body, Date.now() / 1000)).toBe(true);
      expect(x.headers["x-footfall-event"]).toBe("alert.opened");
      expect(JSON.parse(x.body)).toEqual({
        id: eventId,
        type: "alert.opened",
        facility_id: facilityId,
        occurred_at: "2026-11-30T10:00:00.000Z",
        data: { alert_id: "a1" },
      });
    }
    expect(await deliveryOf(eventId)).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastStatus: 204,
      lastError: null,
    });
  });

  it("dead-letters after the last attempt, with the receiver's answer", async () => {
    const r = await receiver(() => 503);
    const { facilityId } = await setup(r.url, ["alert.resolved"]);
    const eventId = await enqueueWebhookEvent(database.db, {
      facilityId,
      type: "alert.resolved",
      payload: {},
      occurredAt: new Date(),
    });
    await drain();
    await r.close();
    expect(r.received).toHaveLength(3);
    const d = await deliveryOf(eventId);
    expect(d).toMatchObject({ status: "dead", attempts: 3, lastStatus: 503 });
    expect(d.lastError).toContain("HTTP 503");
  });

  it("records unreachable receivers and refused private addresses as failures", async () => {
    const r = await receiver(() => 200);
    await r.close(); // nothing listens there any more
    const { facilityId } = await setup(r.url, ["alert.opened"]);
    const eventId = await enqueueWebhookEvent(database.db, {
      facilityId,
      type: "alert.opened",
      payload: {},
      occurredAt: new Date(),
    });
    await deliverDue(database.db, config);
    expect(await deliveryOf(eventId)).toMatchObject({ status: "pending", attempts: 1 });
    expect((await deliveryOf(eventId)).lastError).toMatch(/ECONNREFUSED/);

    const guarded = { ...config, allowPrivate: false };
    const other = await setup("http://127.0.0.1:9/hook", ["alert.opened"]);
    const refused = await enqueueWebhookEvent(database.db, {
      facilityId: other.facilityId,
      type: "alert.opened",
      payload: {},
      occurredAt: new Date(),
    });
    await deliverDue(database.db, guarded, 100);
    expect((await deliveryOf(refused)).lastError).toBe("url refused: private");
  });

  it("never sends one delivery twice when instances claim at the same time", async () => {
    const r = await receiver(() => 200);
    const { facilityId } = await setup(r.url, ["alert.opened"]);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        await enqueueWebhookEvent(database.db, {
          facilityId,
          type: "alert.opened",
          payload: { i },
          occurredAt: new Date(),
        }),
      );
    }
    for (let round = 0; round < 4; round++) {
      await Promise.all([1, 2, 3].map(() => deliverDue(database.db, config, 5)));
    }
    await r.close();
    const got = r.received.map((x) => String(x.headers["x-footfall-event-id"]));
    expect(got.sort()).toEqual([...ids].sort());
  });
});

describe("crossings.minute", () => {
  it("writes nothing for a subscribed facility without crossings", async () => {
    const { facilityId } = await setup("https://example.invalid/hook", ["crossings.minute"]);
    await summariseMinutes(database.db, Date.now() + 5 * 60_000);
    const cursors = await database.db
      .select()
      .from(webhookMinuteCursors)
      .where(eq(webhookMinuteCursors.facilityId, facilityId));
    expect(cursors).toEqual([]);
  });

  it("summarises each complete minute with crossings once per facility", async () => {
    const { db } = database;
    const r = await receiver(() => 200);
    const { facilityId } = await setup(r.url, ["crossings.minute"]);
    const cameraId = newId("cam");
    await db
      .insert(cameras)
      .values({ id: cameraId, facilityId, name: "Door", width: 100, height: 100 });
    const created = (
      await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.facilityId, facilityId))
    )[0]!.createdAt.getTime();
    const minute = Math.floor(created / 60_000) * 60_000;
    await db.insert(lineMinutes).values([
      {
        lineId: "line_a",
        cameraId,
        facilityId,
        minute: new Date(minute - 60_000),
        entries: 3,
        exits: 1,
      },
      {
        lineId: "line_b",
        cameraId,
        facilityId,
        minute: new Date(minute - 60_000),
        entries: 0,
        exits: 2,
      },
      { lineId: "line_a", cameraId, facilityId, minute: new Date(minute), entries: 1, exits: 0 },
      // Before the endpoint's first minute: never sent.
      {
        lineId: "line_a",
        cameraId,
        facilityId,
        minute: new Date(minute - 120_000),
        entries: 9,
        exits: 9,
      },
    ]);
    // Just after the creation minute ended (plus the delay): two minutes are due.
    const now = minute + 60_000 + 10_000;
    await summariseMinutes(db, now);
    await summariseMinutes(db, now + 5000);
    const events = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.facilityId, facilityId));
    expect(
      events.map((e) => e.payload).sort((a, b) => String(a.minute).localeCompare(String(b.minute))),
    ).toEqual([
      {
        minute: new Date(minute - 60_000).toISOString(),
        minute_end: new Date(minute).toISOString(),
        entries: 3,
        exits: 3,
        lines: [
          { line_id: "line_a", camera_id: cameraId, entries: 3, exits: 1 },
          { line_id: "line_b", camera_id: cameraId, entries: 0, exits: 2 },
        ],
      },
      {
        minute: new Date(minute).toISOString(),
        minute_end: new Date(minute + 60_000).toISOString(),
        entries: 1,
        exits: 0,
        lines: [{ line_id: "line_a", camera_id: cameraId, entries: 1, exits: 0 }],
      },
    ]);
    const [cursor] = await db
      .select()
      .from(webhookMinuteCursors)
      .where(eq(webhookMinuteCursors.facilityId, facilityId));
    expect(cursor!.lastMinute.getTime()).toBe(minute);
    // Late crossings for a minute already sent send nothing more.
    await db.insert(lineMinutes).values({
      lineId: "line_c",
      cameraId,
      facilityId,
      minute: new Date(minute),
      entries: 5,
      exits: 0,
    });
    await summariseMinutes(db, now + 30_000);
    expect(
      await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.facilityId, facilityId)),
    ).toHaveLength(2);
    await drain(3);
    await r.close();
    expect(r.received.map((x) => x.headers["x-footfall-event"])).toEqual([
      "crossings.minute",
      "crossings.minute",
    ]);
  });
});
