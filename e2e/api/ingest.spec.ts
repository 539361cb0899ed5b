import { expect, test } from "@playwright/test";
import { api, create, doorway, walk } from "./fixtures";

const start = () => Date.now() - 120_000;

test("people walking through a door are counted, and live occupancy follows", async ({
  request,
}) => {
  const { facility, camera, line } = await doorway(request);
  const t0 = start();
  // Two walk in (right → left half), one walks out, one walks by without crossing.
  const frames = walk(
    [
      { track: "a", fromX: 1300, toX: 600 },
      { track: "b", fromX: 1250, toX: 650 },
      { track: "c", fromX: 500, toX: 1400 },
      { track: "d", fromX: 1200, toX: 1700 },
    ],
    t0,
  );
  const res = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  expect(body.accepted).toBe(frames.length);
  expect(body.duplicates).toBe(0);
  const byTrack = Object.fromEntries(
    body.crossings.map((c: { track_id: string; direction: string }) => [c.track_id, c.direction]),
  );
  expect(byTrack).toEqual({ a: "in", b: "in", c: "out" });
  expect(body.crossings[0].line_id).toBe(line.id);
  expect(body.occupancy).toBe(1);
  // The crossing is stamped when the feet met the line, not when it was confirmed.
  const a = body.crossings.find((c: { track_id: string }) => c.track_id === "a");
  const metAt = t0 + ((1300 - 960) / 700) * 2000;
  expect(Math.abs(Date.parse(a.ts) - metAt)).toBeLessThanOrEqual(100);

  const live = await (await request.get(`${api}/cameras/${camera.id}/live`)).json();
  expect(live).toMatchObject({ camera_id: camera.id, occupancy: 1, entries: 2, exits: 1 });
  expect(live.lines).toEqual([{ line_id: line.id, name: "Main door", entries: 2, exits: 1 }]);
  expect(live.last_seen_at).not.toBeNull();
  expect(live.clock_skew_ms).toBeGreaterThan(100_000);

  const fac = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(fac).toMatchObject({ occupancy: 1, entries: 2, exits: 1, capacity: 100, status: "ok" });
  expect(fac.utilisation).toBeCloseTo(0.01);
  // Exactly the documented fields: nothing internal leaks into the answer.
  expect(Object.keys(fac).sort()).toEqual(
    [
      "facility_id",
      "name",
      "timezone",
      "occupancy",
      "capacity",
      "utilisation",
      "status",
      "entries",
      "exits",
      "since",
      "updated_at",
      "zones",
      "cameras",
    ].sort(),
  );
  expect(fac.cameras).toHaveLength(1);

  const viaQuery = await (
    await request.get(`${api}/facility/live?facility_id=${facility.id}`)
  ).json();
  expect(viaQuery.occupancy).toBe(1);
});

test("a retried batch changes nothing and is reported as duplicates", async ({ request }) => {
  const { camera } = await doorway(request);
  const frames = walk([{ track: "1", fromX: 1300, toX: 600 }], start());
  const first = await (
    await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } })
  ).json();
  expect(first.crossings).toHaveLength(1);
  const retry = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  expect(retry.status()).toBe(200);
  const again = await retry.json();
  expect(again).toMatchObject({
    accepted: 0,
    duplicates: frames.length,
    crossings: [],
    occupancy: 1,
  });
  const live = await (await request.get(`${api}/cameras/${camera.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 1, entries: 1 });
  // The camera's view shows the ignored frames, so a clock gone backwards is visible.
  expect(live).toMatchObject({ frames_accepted: frames.length, frames_duplicate: frames.length });
});

test("a batch split in two counts the same as one", async ({ request }) => {
  const { camera } = await doorway(request);
  const frames = walk([{ track: 7, fromX: 1300, toX: 600 }], start());
  for (const part of [frames.slice(0, 9), frames.slice(9)]) {
    const res = await request.post(`${api}/cameras/${camera.id}/frames`, {
      data: { frames: part },
    });
    expect(res.status()).toBe(200);
  }
  const live = await (await request.get(`${api}/cameras/${camera.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 1, entries: 1, exits: 0 });
});

test("batch sequence numbers tell a retry from a batch sent out of order", async ({ request }) => {
  const { camera } = await doorway(request);
  const frames = walk([{ track: "s", fromX: 1300, toX: 600 }], start(), 30);
  const post = (sequence: number, part: typeof frames) =>
    request.post(`${api}/cameras/${camera.id}/frames`, { data: { sequence, frames: part } });
  expect((await post(1, frames.slice(0, 10))).status()).toBe(200);
  const skipped = await post(3, frames.slice(20));
  expect(skipped.status()).toBe(409);
  expect((await skipped.json()).error).toMatchObject({ code: "out_of_sequence" });
  expect((await skipped.json()).error.message).toContain("send batch 2 first");
  expect((await post(2, frames.slice(10, 20))).status()).toBe(200);
  const retried = await (await post(2, frames.slice(10, 20))).json();
  expect(retried).toMatchObject({ accepted: 0, duplicates: 10 });
  expect((await post(3, frames.slice(20))).status()).toBe(200);
  const live = await (await request.get(`${api}/cameras/${camera.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 1, entries: 1 });
});

test("malformed batches are refused whole with the field path, and store nothing", async ({
  request,
}) => {
  const { camera } = await doorway(request);
  const good = walk([{ track: "x", fromX: 1300, toX: 600 }], start());
  const cases: [string, unknown, number, string][] = [
    [
      "inverted box",
      { frames: [{ ts: good[0]!.ts, detections: [{ track_id: "1", bbox: [10, 10, 5, 20] }] }] },
      422,
      "frames[0].detections[0].bbox",
    ],
    [
      "non-finite box",
      { frames: [{ ts: good[0]!.ts, detections: [{ track_id: "1", bbox: [1, 2, "x", 4] }] }] },
      422,
      "frames[0].detections[0].bbox[2]",
    ],
    ["out of order", { frames: [good[1], good[0]] }, 422, "frames[1].ts"],
    [
      "in the future",
      { frames: [{ ts: Date.now() + 3_600_000, detections: [] }] },
      422,
      "frames[0].ts",
    ],
    ["no frames", { frames: [] }, 422, "frames"],
    [
      "too many frames",
      {
        frames: Array.from({ length: 501 }, (_, i) => ({
          ts: Date.now() - 100_000 + i,
          detections: [],
        })),
      },
      422,
      "frames",
    ],
    ["bad timestamp", { frames: [{ ts: "yesterday", detections: [] }] }, 422, "frames[0].ts"],
    [
      "missing track id",
      { frames: [{ ts: good[0]!.ts, detections: [{ bbox: [1, 2, 3, 4] }] }] },
      422,
      "frames[0].detections[0].track_id",
    ],
  ];
  for (const [name, data, status, path] of cases) {
    const res = await request.post(`${api}/cameras/${camera.id}/frames`, { data });
    expect(res.status(), name).toBe(status);
    const { error } = await res.json();
    expect(error.code, name).toBe("validation_failed");
    expect(
      error.details.map((d: { path: string }) => d.path),
      name,
    ).toContain(path);
  }
  const mixed = await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: {
      frames: [
        ...good.slice(0, 15),
        { ts: good[15]!.ts, detections: [{ track_id: "x", bbox: [5, 5, 1, 1] }] },
      ],
    },
  });
  expect(mixed.status()).toBe(422);

  const huge = "x".repeat(4 * 1024 * 1024 + 10);
  const tooLarge = await request.post(`${api}/cameras/${camera.id}/frames`, {
    headers: { "content-type": "application/json" },
    data: `{"frames":[],"pad":"${huge}"}`,
  });
  expect(tooLarge.status()).toBe(413);
  expect((await tooLarge.json()).error.code).toBe("payload_too_large");

  const cam = await (await request.get(`${api}/cameras/${camera.id}`)).json();
  expect(cam.last_seen_at).toBeNull();
  // Nothing was stored: the whole walk still counts when it finally arrives intact.
  const ok = await (
    await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames: good } })
  ).json();
  expect(ok).toMatchObject({ accepted: good.length, duplicates: 0 });
  expect(ok.crossings).toHaveLength(1);
});

test("unknown cameras are 404 and disabled cameras 409", async ({ request }) => {
  const frames = walk([{ track: "1", fromX: 1300, toX: 600 }], start());
  const unknown = await request.post(`${api}/cameras/cam_nope/frames`, { data: { frames } });
  expect(unknown.status()).toBe(404);
  const { camera } = await doorway(request);
  await request.put(`${api}/cameras/${camera.id}`, { data: { enabled: false } });
  const disabled = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  expect(disabled.status()).toBe(409);
  expect((await disabled.json()).error.code).toBe("camera_disabled");
});

test("after a line is edited, only crossings of the new line count", async ({ request }) => {
  const { camera, line } = await doorway(request);
  const t0 = start();
  // p has walked from 1300 to 1020 when the door line moves from x = 960 to x = 1150 and its
  // direction flips; p then walks on to 600 (never crossing the new line after the edit); q stands
  // at 1100 the whole time; r starts later at 1400 and walks across the new line.
  const before = walk([{ track: "p", fromX: 1300, toX: 1020 }], t0, 8);
  const stand = () => ({ track_id: "q", bbox: [1060, 400, 1140, 600] });
  for (const f of before) f.detections.push(stand());
  await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames: before } });

  const edited = await request.put(`${api}/lines/${line.id}`, {
    data: { x1: 1150, x2: 1150, in_side: "left" },
  });
  expect((await edited.json()).revision).toBe(2);

  const after = walk(
    [
      { track: "p", fromX: 985, toX: 600 },
      { track: "r", fromX: 1400, toX: 900 },
    ],
    t0 + 1000,
  );
  for (const f of after) f.detections.push(stand());
  const res = await (
    await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames: after } })
  ).json();
  // r entered the right-hand side of the new line, which is now the OUT side.
  expect(
    res.crossings.map((c: { track_id: string; direction: string }) => [c.track_id, c.direction]),
  ).toEqual([["r", "out"]]);
});

test("deleting a line keeps the crossings it counted", async ({ request }) => {
  const { camera, line } = await doorway(request);
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "1", fromX: 1300, toX: 600 }], start()) },
  });
  expect((await request.delete(`${api}/lines/${line.id}`)).status()).toBe(204);
  const live = await (await request.get(`${api}/cameras/${camera.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 1, entries: 1, lines: [] });
});

test("zones count their own boundary lines; the facility only its own", async ({ request }) => {
  const { facility, camera } = await doorway(request);
  const zone = await create(request, "/zones", {
    facility_id: facility.id,
    name: "Lab",
    capacity: 2,
  });
  await create(request, "/lines", {
    camera_id: camera.id,
    name: "Lab door",
    x1: 100,
    y1: 800,
    x2: 1800,
    y2: 800,
    zone_id: zone.id,
  });
  // Walk in through the main door (x), then down through the lab door (y from 600 to 900).
  const t0 = start();
  const frames = walk([{ track: "1", fromX: 1300, toX: 600 }], t0);
  await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  const down = Array.from({ length: 11 }, (_, i) => ({
    ts: t0 + 3000 + i * 100,
    detections: [{ track_id: "1", bbox: [560, 400 + i * 30, 640, 600 + i * 30] }],
  }));
  const res = await (
    await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames: down } })
  ).json();
  expect(res.crossings).toHaveLength(1);

  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(live.occupancy).toBe(1);
  expect(live.entries).toBe(1);
  const lab = live.zones.find((z: { zone_id: string }) => z.zone_id === zone.id);
  expect(lab).toMatchObject({ occupancy: 1, capacity: 2, utilisation: 0.5 });
  expect(live.cameras[0].occupancy).toBe(2);
});

test("a facility without boundary lines has no measured occupancy", async ({ request }) => {
  const facility = await create(request, "/facilities", { name: "Empty" });
  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: null, status: "unknown", utilisation: null });
});

test("calibration sets occupancy through the ledger, and later crossings build on it", async ({
  request,
}) => {
  const { facility, camera } = await doorway(request, { capacity: 10 });
  const t0 = start();
  const cal = await request.post(`${api}/facilities/${facility.id}/calibrate`, {
    data: { occupancy: 8, reason: "head count at shift start", ts: new Date(t0).toISOString() },
  });
  expect(cal.status()).toBe(201);
  expect(await cal.json()).toMatchObject({ entity_kind: "facility", occupancy: 8 });
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "1", fromX: 1300, toX: 600 }], t0 + 1000) },
  });
  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 9, status: "warning", entries: 1 });

  const negative = await request.post(`${api}/facilities/${facility.id}/calibrate`, {
    data: { occupancy: -1, reason: "oops" },
  });
  expect(negative.status()).toBe(422);
});

test("occupancy does not go below zero unless the facility allows it", async ({ request }) => {
  const { facility, camera } = await doorway(request);
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "1", fromX: 600, toX: 1300 }], start()) },
  });
  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 0, exits: 1 });
});

test("a camera's size change rescales its lines", async ({ request }) => {
  const { camera, line } = await doorway(request);
  await request.put(`${api}/cameras/${camera.id}`, { data: { width: 960, height: 540 } });
  const moved = await (await request.get(`${api}/lines/${line.id}`)).json();
  expect(moved).toMatchObject({ x1: 480, y1: 50, x2: 480, y2: 500, revision: 2 });
});

test("lines outside the frame or of zero length are refused", async ({ request }) => {
  const { camera } = await doorway(request);
  const outside = await request.post(`${api}/lines`, {
    data: { camera_id: camera.id, name: "x", x1: 0, y1: 0, x2: 2500, y2: 10 },
  });
  expect(outside.status()).toBe(422);
  expect((await outside.json()).error.details[0].path).toBe("x2");
  const dot = await request.post(`${api}/lines`, {
    data: { camera_id: camera.id, name: "x", x1: 10, y1: 10, x2: 10, y2: 10 },
  });
  expect(dot.status()).toBe(422);
});

test("a camera created without a facility joins the default facility", async ({ request }) => {
  const camera = await create(request, "/cameras", { name: "Lobby" });
  const live = await (await request.get(`${api}/facility/live`)).json();
  expect(live.cameras.map((c: { camera_id: string }) => c.camera_id)).toContain(camera.id);
  expect(camera.facility_id).toBe(live.facility_id);
});

test("a camera's late backlog is replayed in event time across the facility", async ({
  request,
}) => {
  const { facility, camera } = await doorway(request);
  const backlog = await create(request, "/cameras", {
    name: "Back door",
    facility_id: facility.id,
  });
  await create(request, "/lines", {
    camera_id: backlog.id,
    name: "Back door",
    x1: 960,
    y1: 100,
    x2: 960,
    y2: 1000,
  });
  const t0 = start() - 10 * 60_000;
  // The front door sees someone come in at t0 + 8 min, live.
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "in", fromX: 1300, toX: 600 }], t0 + 8 * 60_000) },
  });
  // Then the back door's buffered hour arrives: someone left at t0 + 2 min, when (in event time)
  // the facility was empty — held at zero, so the later entry still leaves one person inside.
  await request.post(`${api}/cameras/${backlog.id}/frames`, {
    data: { frames: walk([{ track: "out", fromX: 600, toX: 1300 }], t0 + 2 * 60_000) },
  });
  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  expect(live).toMatchObject({ occupancy: 1, entries: 1, exits: 1 });
});

test("the daily reset brings occupancy to zero at the facility's local reset time", async ({
  request,
}) => {
  const { facility, camera } = await doorway(request);
  const now = Date.now();
  // Reset ten minutes ago, local time of the facility's zone.
  const resetAt = new Date(now - 10 * 60_000);
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: facility.timezone as string,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(resetAt);
  await request.post(`${api}/facilities/${facility.id}/calibrate`, {
    data: {
      occupancy: 5,
      reason: "before the reset",
      ts: new Date(now - 20 * 60_000).toISOString(),
    },
  });
  await request.put(`${api}/facilities/${facility.id}`, { data: { reset_time: local } });
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "after", fromX: 1300, toX: 600 }], now - 2 * 60_000) },
  });
  const live = await (await request.get(`${api}/facilities/${facility.id}/live`)).json();
  // 5 before the reset, 0 at it, 1 after someone came in: entries count from the reset on.
  expect(live).toMatchObject({ occupancy: 1, entries: 1 });
  expect(Date.parse(live.since)).toBeLessThanOrEqual(resetAt.getTime());
  expect(Date.parse(live.since)).toBeGreaterThan(resetAt.getTime() - 60_000);
  const audit = await (await request.get(`/api/admin/audit?entity_id=${facility.id}`)).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toContain("facility.calibrate");
});
