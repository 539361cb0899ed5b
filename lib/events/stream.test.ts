import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { newId } from "@/db/ids";
import { cameras, facilities, lines, occupancyLive, zones } from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import type { Principal } from "@/lib/auth/principal";
import { sseClientCount } from "@/lib/metrics/registry";
import { type Entity, lockEntity, replayEntity } from "@/lib/occupancy/ledger";
import { EventBus, publishEvent } from "./bus";
import { noteCameraOccupancy } from "./occupancy";
import "./register";
import { occupancySnapshot } from "./snapshot";
import { openOccupancyStream, type StreamOptions } from "./stream";
import type { FootfallEvent } from "./types";

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

async function site(opts: { boundary?: "facility" | "zone" | "none" } = {}) {
  const { db } = database;
  const facility = newId("fac");
  const zone = newId("zone");
  const camera = newId("cam");
  await db.insert(facilities).values({ id: facility, name: "Plant", timezone: "UTC" });
  await db.insert(zones).values({ id: zone, facilityId: facility, name: "Hall" });
  await db
    .insert(cameras)
    .values({ id: camera, facilityId: facility, name: "Door", width: 100, height: 100 });
  if (opts.boundary !== "none") {
    await db.insert(lines).values({
      id: newId("line"),
      cameraId: camera,
      facilityId: facility,
      zoneId: opts.boundary === "zone" ? zone : null,
      name: "Door",
      x1: 50,
      y1: 0,
      x2: 50,
      y2: 100,
      inSide: "right",
      anchor: "bottom_center",
    });
  }
  return { facility, zone, camera };
}

const reader = (facilities: Principal["facilities"]): Principal => ({
  kind: "key",
  id: "key_test",
  label: "test",
  capabilities: new Set(["read"]),
  facilities,
});

const alert = (facilityId: string): FootfallEvent => ({
  type: "alert",
  facility_id: facilityId,
  action: "opened",
  alert: { id: "alr_x" },
  at: new Date().toISOString(),
});

interface Message {
  id?: string;
  event?: string;
  data?: { type: string; facility_id?: string; entity_id?: string; occupancy?: number };
}

/** Reads an SSE Response as it arrives. */
function read(res: Response) {
  const r = res.body!.getReader();
  const messages: Message[] = [];
  let buffer = "";
  let done = false;
  const pump = (async () => {
    for (;;) {
      const chunk = await r.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      buffer += new TextDecoder().decode(chunk.value);
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const m: Message = {};
        for (const line of buffer.slice(0, end).split("\n")) {
          if (line.startsWith("id: ")) m.id = line.slice(4);
          if (line.startsWith("event: ")) m.event = line.slice(7);
          if (line.startsWith("data: ")) m.data = JSON.parse(line.slice(6));
        }
        messages.push(m);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
    done = true;
  })();
  return {
    messages,
    get done() {
      return done;
    },
    async until(check: (m: Message[]) => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!check(messages)) {
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(messages)}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    cancel: () => r.cancel(),
    pump,
  };
}

function options(over: Partial<StreamOptions> = {}): StreamOptions {
  return {
    lastEventId: null,
    mode: "live",
    signal: new AbortController().signal,
    heartbeatMs: 60_000,
    bus,
    ...over,
  };
}

describe("the occupancy snapshot", () => {
  it("names every entity, null where nothing is measured", async () => {
    const a = await site({ boundary: "zone" });
    const b = await site({ boundary: "facility" });
    await database.db.insert(occupancyLive).values({
      entityKind: "zone",
      entityId: a.zone,
      facilityId: a.facility,
      occupancy: 4,
    });
    const items = await occupancySnapshot(database.db, [a.facility]);
    const of = (id: string) => items.find((i) => i.entity_id === id)?.occupancy;
    expect(of(a.facility)).toBeNull();
    expect(of(a.zone)).toBe(4);
    expect(of(a.camera)).toBe(0);
    expect(items.some((i) => i.facility_id === b.facility)).toBe(false);
    const both = await occupancySnapshot(database.db, "all");
    const ofAll = (id: string) => both.find((i) => i.entity_id === id)?.occupancy;
    expect(ofAll(b.facility)).toBe(0);
    expect(ofAll(b.zone)).toBeNull();
    expect(await occupancySnapshot(database.db, [])).toEqual([]);
  });
});

describe("the live stream", () => {
  it("sends the snapshot, then events of visible facilities only, and lets go on abort", async () => {
    const a = await site();
    const b = await site();
    const subscribers = bus.subscriberCount;
    const clients = sseClientCount();
    const abort = new AbortController();
    const res = await openOccupancyStream(
      database.db,
      reader(new Set([a.facility])),
      options({ signal: abort.signal }),
    );
    if (!(res instanceof Response)) throw new Error("expected a stream");
    expect(bus.subscriberCount).toBe(subscribers + 1);
    expect(sseClientCount()).toBe(clients + 1);
    const stream = read(res);
    await stream.until((m) => m.some((x) => x.event === "snapshot"));

    await database.db.transaction((tx) => publishEvent(tx, alert(b.facility)));
    await database.db.transaction((tx) => publishEvent(tx, alert(a.facility)));
    // A replay that changes the facility's occupancy publishes through the registered listener.
    const entity: Entity = { kind: "facility", id: a.facility, facilityId: a.facility };
    await database.db.transaction(async (tx) => {
      await lockEntity(tx, entity);
      await replayEntity(tx, entity, Date.now() - 60_000, false);
    });
    noteCameraOccupancy(database.db, { cameraId: a.camera, facilityId: a.facility }, 0, 1);
    noteCameraOccupancy(database.db, { cameraId: a.camera, facilityId: a.facility }, 1, 2);
    noteCameraOccupancy(database.db, { cameraId: b.camera, facilityId: b.facility }, 0, 1);
    await stream.until((m) => m.some((x) => x.data?.entity_id === a.camera));
    const events = stream.messages.filter((m) => m.event && m.event !== "snapshot");
    expect(events.every((m) => m.data?.facility_id === a.facility)).toBe(true);
    const alertMessage = events.find((m) => m.event === "alert")!;
    expect(alertMessage.id).toMatch(/^\d+$/);
    // Coalesced: one event for two changes, from the first previous to the last value.
    const camera = events.filter((m) => m.data?.entity_id === a.camera);
    expect(camera).toHaveLength(1);
    expect(camera[0]!.data).toMatchObject({ previous: 0, occupancy: 2 });
    // Later transient ids carry the alert's cursor.
    expect(camera[0]!.id!.split("-")[0]).toBe(alertMessage.id);

    abort.abort();
    await stream.pump;
    expect(stream.done).toBe(true);
    expect(bus.subscriberCount).toBe(subscribers);
    expect(sseClientCount()).toBe(clients);
  });

  it("lets go when the reader cancels, too", async () => {
    const a = await site();
    const subscribers = bus.subscriberCount;
    const clients = sseClientCount();
    for (let i = 0; i < 50; i++) {
      const res = await openOccupancyStream(
        database.db,
        reader("all"),
        options({ facilityId: a.facility }),
      );
      const stream = read(res as Response);
      if (i % 2) await stream.until((m) => m.length > 0);
      await stream.cancel();
    }
    expect(bus.subscriberCount).toBe(subscribers);
    expect(sseClientCount()).toBe(clients);
  });

  it("replays persisted events after Last-Event-ID, once, in order", async () => {
    const a = await site();
    const first = await openOccupancyStream(
      database.db,
      reader("all"),
      options({ facilityId: a.facility, mode: "json" }),
    );
    if (first instanceof Response) throw new Error("expected JSON");
    const from = first.next_cursor;
    await database.db.transaction((tx) => publishEvent(tx, alert(a.facility)));
    await database.db.transaction((tx) => publishEvent(tx, alert(a.facility)));

    const res = await openOccupancyStream(
      database.db,
      reader(new Set([a.facility])),
      options({ lastEventId: from }),
    );
    const stream = read(res as Response);
    await stream.until((m) => m.filter((x) => x.event === "alert").length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    await stream.cancel();
    const alerts = stream.messages.filter((m) => m.event === "alert").map((m) => Number(m.id));
    // Replayed from the table, and the same two heard live meanwhile are not sent twice.
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toBeGreaterThan(alerts[0]!);
    expect(stream.messages.find((m) => m.event)?.event).toBe("snapshot");

    const once = await openOccupancyStream(
      database.db,
      reader("all"),
      options({ facilityId: a.facility, lastEventId: String(alerts[0]), mode: "once" }),
    );
    const rest = read(once as Response);
    await rest.pump;
    expect(rest.messages.filter((m) => m.event).map((m) => m.id)).toEqual([
      expect.stringMatching(/^\d+-0$/),
      String(alerts[1]),
    ]);
  });

  it("answers 404 for a facility the caller may not see", async () => {
    const a = await site();
    const b = await site();
    await expect(
      openOccupancyStream(
        database.db,
        reader(new Set([a.facility])),
        options({ facilityId: b.facility }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
