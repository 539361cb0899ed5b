import { expect, test } from "@playwright/test";
import { admin, api, browser, create, createUser, doorway, signIn, walk } from "./fixtures";
import { connect, type SseMessage } from "./stream-client";

const streamPath = `${api}/stream`;

interface Occupancy {
  type: "occupancy";
  entity_kind: string;
  entity_id: string;
  facility_id: string;
  occupancy: number;
  previous: number;
}
interface Snapshot {
  type: "snapshot";
  items: {
    facility_id: string;
    entity_kind: string;
    entity_id: string;
    occupancy: number | null;
  }[];
}

const isSnapshot = (m: SseMessage) => m.event === "snapshot";
const occupancyOf = (kind: string, id: string, value?: number) => (m: SseMessage) => {
  const d = m.data as Occupancy | undefined;
  return (
    m.event === "occupancy" &&
    d?.entity_kind === kind &&
    d.entity_id === id &&
    (value === undefined || d.occupancy === value)
  );
};

/** People walking in through the doorway's line (right half of the image to the left half). */
async function walkIn(
  request: import("@playwright/test").APIRequestContext,
  cameraId: string,
  people: number,
  startMs = Date.now() - 30_000,
) {
  const walkers = Array.from({ length: people }, (_, i) => ({
    track: `p${startMs}-${i}`,
    fromX: 1500,
    toX: 400,
  }));
  const res = await request.post(`${api}/cameras/${cameraId}/frames`, {
    data: { frames: walk(walkers, startMs) },
  });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).crossings).toHaveLength(people);
}

async function sseGauge(request: import("@playwright/test").APIRequestContext): Promise<number> {
  const text = await (await request.get("/api/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith("footfall_sse_clients "));
  return Number(line?.split(" ")[1]);
}

test("a stream starts with a snapshot, then carries live occupancy changes", async ({
  request,
  baseURL,
}) => {
  const { facility, camera } = await doorway(request);
  const stream = await connect(`${baseURL}${streamPath}?facility_id=${facility.id}`, admin);
  try {
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    expect(stream.headers.get("cache-control")).toContain("no-transform");
    const snapshot = await stream.next(isSnapshot);
    expect(snapshot.id).toMatch(/^\d+-\d+$/);
    expect(stream.messages[0]!.retry).toBeGreaterThan(0);
    const items = (snapshot.data as Snapshot).items;
    expect(items).toContainEqual(
      expect.objectContaining({ entity_kind: "facility", entity_id: facility.id, occupancy: 0 }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ entity_kind: "camera", entity_id: camera.id, occupancy: 0 }),
    );
    expect(new Set(items.map((i) => i.facility_id))).toEqual(new Set([facility.id]));

    await walkIn(request, camera.id, 2);
    const cam = await stream.next(occupancyOf("camera", camera.id, 2));
    expect(cam.data).toMatchObject({ previous: 0, facility_id: facility.id });
    const fac = await stream.next(occupancyOf("facility", facility.id, 2));
    expect(fac.id).toMatch(/^\d+-\d+$/);
    // Every event has an id, and no two are the same.
    const ids = stream.messages.filter((m) => m.event).map((m) => m.id);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  } finally {
    stream.close();
  }
});

test("heartbeats keep an idle stream alive", async ({ request, baseURL }) => {
  test.setTimeout(40_000);
  const { facility } = await doorway(request);
  const stream = await connect(`${baseURL}${streamPath}?facility_id=${facility.id}`, admin);
  try {
    await stream.next((m) => m.comment === "heartbeat", 20_000);
  } finally {
    stream.close();
  }
});

test("reconnecting with Last-Event-ID replays the alerts missed meanwhile", async ({
  request,
  baseURL,
}) => {
  const { facility, camera } = await doorway(request, { capacity: 2 });
  const url = `${baseURL}${streamPath}?facility_id=${facility.id}`;
  const first = await connect(url, admin);
  const snapshot = await first.next(isSnapshot);
  first.close();
  await first.ended;

  // While nobody listens: over capacity, which opens an alert.
  await walkIn(request, camera.id, 3);
  await expect
    .poll(async () => {
      const live = await request.get(`${api}/facilities/${facility.id}/live`);
      return (await live.json()).occupancy;
    })
    .toBe(3);

  const again = await connect(url, { ...admin, "last-event-id": snapshot.id! });
  try {
    const resumed = await again.next(isSnapshot);
    expect((resumed.data as Snapshot).items).toContainEqual(
      expect.objectContaining({ entity_kind: "facility", entity_id: facility.id, occupancy: 3 }),
    );
    const alert = await again.next((m) => m.event === "alert");
    expect(alert.id).toMatch(/^\d+$/);
    expect(alert.data).toMatchObject({ type: "alert", facility_id: facility.id, action: "opened" });
    expect(Number(alert.id)).toBeGreaterThan(Number(snapshot.id!.split("-")[0]));

    // The same through the query parameter (EventSource polyfills), and as the JSON fallback.
    const polled = await request.get(
      `${streamPath}?facility_id=${facility.id}&last_event_id=${snapshot.id}`,
    );
    expect(polled.status()).toBe(200);
    const batch = await polled.json();
    expect(batch.items[0].event.type).toBe("snapshot");
    expect(batch.items.map((i: { id: string }) => i.id)).toContain(alert.id);
    expect(batch.next_cursor).toBe(batch.items[batch.items.length - 1].id);

    // Resuming from the alert itself replays nothing before it.
    const after = await request.get(
      `${streamPath}?facility_id=${facility.id}&last_event_id=${alert.id}`,
    );
    const later = (await after.json()).items.map((i: { id: string }) => i.id);
    expect(later).not.toContain(alert.id);
  } finally {
    again.close();
  }
});

test("once=1 ends the stream after the snapshot; bad ids are refused", async ({
  request,
  baseURL,
}) => {
  const { facility } = await doorway(request);
  const once = await connect(`${baseURL}${streamPath}?facility_id=${facility.id}&once=1`, admin);
  await once.ended;
  expect(once.messages.filter((m) => m.event).map((m) => m.event)).toEqual(["snapshot"]);

  const bad = await request.get(`${streamPath}?last_event_id=not-an-id`);
  expect(bad.status()).toBe(422);
  const missing = await request.get(`${streamPath}?facility_id=fac_doesnotexist0`);
  expect(missing.status()).toBe(404);
  const anonymous = await fetch(`${baseURL}${streamPath}`, {
    headers: { accept: "text/event-stream" },
  });
  expect(anonymous.status).toBe(401);
});

test("a person granted facility A sees A's events and none of B's", async ({
  request,
  baseURL,
}) => {
  const a = await doorway(request);
  const b = await doorway(request);
  const user = await createUser(request, { facility_ids: [a.facility.id] });
  const client = await browser(baseURL!);
  expect((await signIn(client, user.email)).status()).toBe(200);
  const cookie = (await client.storageState()).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const headers = { cookie, origin: baseURL! };

  const stream = await connect(`${baseURL}${streamPath}`, headers);
  try {
    expect(stream.status).toBe(200);
    const snapshot = await stream.next(isSnapshot);
    const seen = new Set((snapshot.data as Snapshot).items.map((i) => i.facility_id));
    expect([...seen]).toEqual([a.facility.id]);

    await walkIn(request, b.camera.id, 1);
    await walkIn(request, a.camera.id, 1);
    await stream.next(occupancyOf("facility", a.facility.id, 1));
    await stream.next(occupancyOf("camera", a.camera.id, 1));
    // B's changes were published before A's: had they been sent, they would be here by now.
    const facilities = stream.messages
      .filter((m) => m.event === "occupancy")
      .map((m) => (m.data as Occupancy).facility_id);
    expect(new Set(facilities)).toEqual(new Set([a.facility.id]));

    const theirs = await fetch(`${baseURL}${streamPath}?facility_id=${b.facility.id}`, {
      headers: { ...headers, accept: "text/event-stream" },
    });
    expect(theirs.status).toBe(404);
  } finally {
    stream.close();
    await client.dispose();
  }
});

test("200 connects and disconnects leave no stream open", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const { facility } = await doorway(request);
  await create(request, "/zones", { facility_id: facility.id, name: "Hall" });
  const url = `${baseURL}${streamPath}?facility_id=${facility.id}`;
  const before = await sseGauge(request);
  expect(Number.isInteger(before)).toBe(true);
  for (let round = 0; round < 10; round++) {
    // 20 at a time, each dropped right after its snapshot (or sooner: mid-answer).
    const streams = await Promise.all(Array.from({ length: 20 }, () => connect(url, admin)));
    if (round === 0) {
      await Promise.all(streams.map((s) => s.next(isSnapshot)));
      expect(await sseGauge(request)).toBe(before + 20);
    }
    await Promise.all(
      streams.map(async (s, i) => {
        if (i % 4 !== 0) await s.next(isSnapshot);
        s.close();
      }),
    );
  }
  await expect.poll(() => sseGauge(request), { timeout: 10_000 }).toBe(before);
  // And the server still streams.
  const last = await connect(url, admin);
  await last.next(isSnapshot);
  last.close();
});
