import { type APIRequestContext, expect, test } from "@playwright/test";
import { api, create, unique, walk } from "./fixtures";

/** A facility with two door cameras, each with a facility-boundary line (IN = walking left). */
async function twoDoors(request: APIRequestContext, timezone: string) {
  const facility = await create(request, "/facilities", { name: unique("Hall"), timezone });
  const doors = [];
  for (const name of ["North door", "South door"]) {
    const camera = await create(request, "/cameras", { name, facility_id: facility.id });
    const line = await create(request, "/lines", {
      camera_id: camera.id,
      name,
      x1: 960,
      y1: 100,
      x2: 960,
      y2: 1000,
    });
    doors.push({ camera, line });
  }
  return { facility, doors };
}

const enter = (track: string) => ({ track, fromX: 1300, toX: 600 });
const leave = (track: string) => ({ track, fromX: 600, toX: 1300 });

async function send(request: APIRequestContext, cameraId: string, frames: unknown[]) {
  const res = await request.post(`${api}/cameras/${cameraId}/frames`, { data: { frames } });
  expect(res.status(), await res.text()).toBe(200);
}

async function history(request: APIRequestContext, path: string) {
  const res = await request.get(`${api}${path}`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function aggregate(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post(`${api}/aggregate`, { data: body });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

// 18 November 2026 in Berlin is UTC+1: 10:10 local is 09:10 UTC.
const at = (hhmm: string) => Date.parse(`2026-11-18T${hhmm}:00+01:00`);

test("a camera's late backlog changes the rolled-up hours after it", async ({ request }) => {
  const { facility, doors } = await twoDoors(request, "Europe/Berlin");
  const [north, south] = doors;
  await send(request, north!.camera.id, walk([enter("a"), enter("b")], at("10:10")));
  const rolled = await aggregate(request, {
    facility_id: facility.id,
    from: "2026-11-18",
    to: "2026-11-19",
  });
  expect(rolled.facilities[0]).toMatchObject({
    facility_id: facility.id,
    timezone: "Europe/Berlin",
    from: "2026-11-18T00:00:00+01:00",
  });
  expect(rolled.facilities[0].hours).toBeGreaterThan(0);
  const before = await history(
    request,
    `/facilities/${facility.id}/hourly?from=2026-11-18&to=2026-11-19`,
  );
  expect(before.buckets[10]).toMatchObject({ entries: 2, occupancy_max: 2 });
  // Nobody reported after 10:10: the two are carried (integral) but no average is claimed.
  expect(before.buckets[12]).toMatchObject({
    occupancy_min: 2,
    occupancy_max: 2,
    occupancy_integral: 7200,
    occupancy_avg: null,
    coverage: 0,
  });

  // The south door's edge box was offline: its 09:05 entry arrives after the rollup.
  await send(request, south!.camera.id, walk([enter("c")], at("09:05")));
  const after = await history(
    request,
    `/facilities/${facility.id}/hourly?from=2026-11-18&to=2026-11-19`,
  );
  expect(after.buckets[9]).toMatchObject({ entries: 1, occupancy_max: 1 });
  expect(after.buckets[10]).toMatchObject({ entries: 2, occupancy_min: 1, occupancy_max: 3 });
  // Every later hour carries the extra person, not just the hour of the late crossing.
  expect(after.buckets[12]).toMatchObject({
    occupancy_min: 3,
    occupancy_max: 3,
    occupancy_integral: 10800,
  });
  const day = await history(
    request,
    `/facilities/${facility.id}/daily?from=2026-11-18&to=2026-11-19`,
  );
  expect(day.buckets[0]).toMatchObject({ date: "2026-11-18", entries: 3, occupancy_max: 3 });

  // Once the rollups catch up they say the same.
  await aggregate(request, { facility_id: facility.id, from: "2026-11-18", to: "2026-11-19" });
  const again = await history(
    request,
    `/facilities/${facility.id}/hourly?from=2026-11-18&to=2026-11-19`,
  );
  expect(again).toEqual(after);
});

test("a 23-hour day in New York and half- and quarter-hour zones bucket by local hours", async ({
  request,
}) => {
  const ny = await create(request, "/facilities", {
    name: unique("NY"),
    timezone: "America/New_York",
  });
  const spring = await history(
    request,
    `/facilities/${ny.id}/hourly?from=2026-03-08&to=2026-03-09`,
  );
  expect(spring.buckets).toHaveLength(23);
  expect(spring.buckets[1].start).toBe("2026-03-08T01:00:00-05:00");
  expect(spring.buckets[2].start).toBe("2026-03-08T03:00:00-04:00");
  const autumn = await history(request, `/facilities/${ny.id}/daily?from=2026-10-31&to=2026-11-03`);
  expect(autumn.buckets.map((b: { date: string }) => b.date)).toEqual([
    "2026-10-31",
    "2026-11-01",
    "2026-11-02",
  ]);
  expect(autumn.buckets[1].end).toBe("2026-11-02T00:00:00-05:00");

  const { facility, doors } = await twoDoors(request, "Asia/Kolkata");
  // 10:20 local in Kolkata is 04:50 UTC.
  await send(request, doors[0]!.camera.id, walk([enter("a")], Date.parse("2026-11-20T04:50:00Z")));
  const kolkata = await history(
    request,
    `/facilities/${facility.id}/hourly?from=2026-11-20&to=2026-11-21`,
  );
  expect(kolkata.buckets[10]).toMatchObject({
    start: "2026-11-20T10:00:00+05:30",
    entries: 1,
  });
  // The same crossing seen from UTC falls in the 04:00 hour.
  const utc = await history(
    request,
    `/facilities/${facility.id}/hourly?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&tz=UTC`,
  );
  expect(utc.timezone).toBe("UTC");
  expect(utc.buckets[4]).toMatchObject({ start: "2026-11-20T04:00:00+00:00", entries: 1 });
});

test("changing a facility's time zone rebuilds its days in the new zone", async ({ request }) => {
  const { facility, doors } = await twoDoors(request, "Europe/Berlin");
  // 20:00 UTC on 19 November: 21:00 on the 19th in Berlin, 01:30 on the 20th in Kolkata.
  await send(request, doors[0]!.camera.id, walk([enter("a")], Date.parse("2026-11-19T20:00:00Z")));
  await aggregate(request, { facility_id: facility.id, from: "2026-11-19", to: "2026-11-21" });
  const berlin = await history(
    request,
    `/facilities/${facility.id}/daily?from=2026-11-19&to=2026-11-21`,
  );
  expect(berlin.buckets.map((b: { entries: number }) => b.entries)).toEqual([1, 0]);

  const patched = await request.put(`${api}/facilities/${facility.id}`, {
    data: { timezone: "Asia/Kolkata" },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  const kolkata = await history(
    request,
    `/facilities/${facility.id}/daily?from=2026-11-19&to=2026-11-21`,
  );
  expect(kolkata.timezone).toBe("Asia/Kolkata");
  expect(kolkata.buckets[0].start).toBe("2026-11-19T00:00:00+05:30");
  expect(kolkata.buckets.map((b: { entries: number }) => b.entries)).toEqual([0, 1]);
  // The rebuilt rollups agree.
  await aggregate(request, { facility_id: facility.id });
  expect(
    await history(request, `/facilities/${facility.id}/daily?from=2026-11-19&to=2026-11-21`),
  ).toEqual(kolkata);
});

test("a facility's history exports as one streamed CSV, and logs come by 5 minutes", async ({
  request,
}) => {
  const { facility, doors } = await twoDoors(request, "Europe/Berlin");
  await send(request, doors[1]!.camera.id, walk([enter("a"), enter("b")], at("08:02")));
  await send(request, doors[1]!.camera.id, walk([leave("a")], at("08:07")));
  const res = await request.get(
    `${api}/facilities/${facility.id}/export?unit=hour&from=2026-11-18&to=2026-11-19`,
  );
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  const rows = (await res.text()).trim().split("\n");
  expect(rows[0]).toBe(
    "entity_kind,entity_id,entity_name,start,end,utc_offset,date,month,entries,exits,net," +
      "occupancy_avg,occupancy_integral,occupancy_min,occupancy_min_at,occupancy_max," +
      "occupancy_max_at,minutes_over_capacity,coverage,has_data,adjusted",
  );
  // The facility, two cameras and two lines, 24 hours each.
  expect(rows).toHaveLength(1 + 5 * 24);
  const southLine = rows.filter((r) => r.startsWith(`line,${doors[1]!.line.id},`));
  expect(southLine).toHaveLength(24);
  expect(southLine[8]).toContain(
    "2026-11-18T08:00:00+01:00,2026-11-18T09:00:00+01:00,+01:00,,,2,1,1,",
  );

  const onlyCameras = await request.get(
    `${api}/facilities/${facility.id}/export?unit=day&from=2026-11-18&to=2026-11-20&entity_kind=camera`,
  );
  expect((await onlyCameras.text()).trim().split("\n")).toHaveLength(1 + 2 * 2);

  const logs = await history(
    request,
    `/cameras/${doors[1]!.camera.id}/logs?from=2026-11-18T08:00:00%2B01:00&to=2026-11-18T08:15:00%2B01:00&interval=5m`,
  );
  expect(
    logs.buckets.map((b: { start: string; entries: number; exits: number }) => [
      b.start,
      b.entries,
      b.exits,
    ]),
  ).toEqual([
    ["2026-11-18T08:00:00+01:00", 2, 0],
    ["2026-11-18T08:05:00+01:00", 0, 1],
    ["2026-11-18T08:10:00+01:00", 0, 0],
  ]);
});

test("aggregate refuses a bad range and stays out of other facilities", async ({ request }) => {
  const { facility } = await twoDoors(request, "Europe/Berlin");
  const backwards = await request.post(`${api}/aggregate`, {
    data: { facility_id: facility.id, from: "2026-11-19", to: "2026-11-18" },
  });
  expect(backwards.status()).toBe(422);
  expect((await backwards.json()).error.details[0].path).toBe("body.range");
  const tooLong = await request.post(`${api}/aggregate`, {
    data: { facility_id: facility.id, from: "2025-01-01", to: "2026-11-01" },
  });
  expect(tooLong.status()).toBe(422);
  const unknown = await request.post(`${api}/aggregate`, { data: { facility_id: "fac_nope" } });
  expect(unknown.status()).toBe(404);
});

test("facility stats give the same figures within working hours", async ({ request }) => {
  const { facility, doors } = await twoDoors(request, "Europe/Berlin");
  const stats = () =>
    history(request, `/facility/stats?facility_id=${facility.id}&from=2026-11-18&to=2026-11-19`);
  expect((await stats()).working_hours).toBeNull();
  // Wednesday 18 November 2026: open 09:00–17:00; people come at 08:02 and 10:10, one leaves 17:30.
  const hours = await request.put(`${api}/facilities/${facility.id}/working-hours`, {
    data: { weekly: { wed: [{ start: "09:00", end: "17:00" }] } },
  });
  expect(hours.status(), await hours.text()).toBe(200);
  await send(request, doors[1]!.camera.id, walk([enter("a")], at("08:02")));
  await send(request, doors[1]!.camera.id, walk([enter("b")], at("10:10")));
  await send(request, doors[1]!.camera.id, walk([leave("a")], at("17:30")));
  const figures = await stats();
  expect(figures).toMatchObject({ entries: 2, exits: 1 });
  expect(figures.working_hours).toMatchObject({
    hours: 8,
    entries: 1,
    exits: 0,
    peak_occupancy: 2,
  });
});
