import { expect, test } from "@playwright/test";
import { api, create, walk } from "./fixtures";

/** A Kathmandu (+05:45) facility of capacity 1 with one door camera and its line. */
async function kathmanduDoor(request: import("@playwright/test").APIRequestContext) {
  const facility = await create(request, "/facilities", {
    name: "Kathmandu office",
    timezone: "Asia/Kathmandu",
    capacity: 1,
  });
  const camera = await create(request, "/cameras", { name: "Door", facility_id: facility.id });
  await create(request, "/lines", {
    camera_id: camera.id,
    name: "Door",
    x1: 960,
    y1: 100,
    x2: 960,
    y2: 1000,
  });
  return { facility, camera };
}

// 10:20 local on 2026-11-20 in Kathmandu is 04:35 UTC.
const tenTwenty = Date.parse("2026-11-20T04:35:00Z");

test("hourly history in the facility's zone: entries, peak, time over capacity", async ({
  request,
}) => {
  const { facility, camera } = await kathmanduDoor(request);
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: {
      frames: walk(
        [
          { track: "a", fromX: 1300, toX: 600 },
          { track: "b", fromX: 1350, toX: 650 },
        ],
        tenTwenty,
      ),
    },
  });
  // One of them leaves at 11:05 local.
  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: walk([{ track: "a", fromX: 600, toX: 1300 }], tenTwenty + 45 * 60_000) },
  });

  const res = await request.get(
    `${api}/facilities/${facility.id}/hourly?from=2026-11-20&to=2026-11-21`,
  );
  expect(res.status(), await res.text()).toBe(200);
  const history = await res.json();
  expect(history).toMatchObject({ unit: "hour", timezone: "Asia/Kathmandu" });
  expect(history.buckets).toHaveLength(24);
  expect(history.buckets[0].start).toBe("2026-11-20T00:00:00+05:45");
  const ten = history.buckets[10];
  expect(ten).toMatchObject({
    start: "2026-11-20T10:00:00+05:45",
    end: "2026-11-20T11:00:00+05:45",
    entries: 2,
    exits: 0,
    net: 2,
    occupancy_max: 2,
    has_data: true,
  });
  // At or over the capacity of 1 from the first entry (10:20:00.7) to the end of the hour.
  expect(ten.minutes_over_capacity).toBe(40);
  expect(ten.occupancy_max_at.startsWith("2026-11-20T10:20:")).toBe(true);
  expect(history.buckets[11]).toMatchObject({ entries: 0, exits: 1, occupancy_min: 1 });
  // Quiet hours are present, with zeros, not missing.
  expect(history.buckets[3]).toMatchObject({ entries: 0, exits: 0, has_data: false });

  const daily = await (
    await request.get(`${api}/facilities/${facility.id}/daily?from=2026-11-19&to=2026-11-22`)
  ).json();
  expect(daily.buckets.map((b: { date: string }) => b.date)).toEqual([
    "2026-11-19",
    "2026-11-20",
    "2026-11-21",
  ]);
  expect(daily.buckets[1]).toMatchObject({ entries: 2, exits: 1, occupancy_max: 2 });
  // The camera and its line report the same crossings.
  const line = await (
    await request.get(`${api}/cameras/${camera.id}/daily?from=2026-11-20&to=2026-11-21`)
  ).json();
  expect(line.buckets[0]).toMatchObject({ entries: 2, exits: 1 });
  const monthly = await (
    await request.get(`${api}/facilities/${facility.id}/monthly?from=2026-01-01&to=2027-01-01`)
  ).json();
  expect(monthly.buckets).toHaveLength(12);
  expect(monthly.buckets[10]).toMatchObject({ month: "2026-11", entries: 2, exits: 1 });

  const stats = await (
    await request.get(
      `${api}/facility/stats?facility_id=${facility.id}&from=2026-11-20&to=2026-11-21`,
    )
  ).json();
  expect(stats).toMatchObject({
    entries: 2,
    exits: 1,
    peak_occupancy: 2,
    busiest_hour: { hour: 10, entries: 2 },
    busiest_weekday: { weekday: "Friday", entries: 2 },
    previous: { entries: 0, from: "2026-11-19T00:00:00+05:45", to: "2026-11-20T00:00:00+05:45" },
    change: { entries_pct: null },
  });
  expect(stats.peak_at.startsWith("2026-11-20T10:20:")).toBe(true);
  // Two people from ~10:20, one leaving at ~11:05, one staying to midnight: the integral over
  // the day divided by the two entries is about (45 + 820) / 2 minutes.
  expect(stats.average_dwell_minutes).toBeGreaterThan(420);
  expect(stats.average_dwell_minutes).toBeLessThan(445);
});

test("a 25-hour day shows both 02:00 hours apart by their offsets", async ({ request }) => {
  const facility = await create(request, "/facilities", {
    name: "Berlin",
    timezone: "Europe/Berlin",
  });
  const history = await (
    await request.get(`${api}/facilities/${facility.id}/hourly?from=2026-10-25&to=2026-10-26`)
  ).json();
  expect(history.buckets).toHaveLength(25);
  const starts = history.buckets.map((b: { start: string }) => b.start);
  expect(starts).toContain("2026-10-25T02:00:00+02:00");
  expect(starts).toContain("2026-10-25T02:00:00+01:00");
});

test("history as CSV has local times with their offset", async ({ request }) => {
  const { facility } = await kathmanduDoor(request);
  const res = await request.get(
    `${api}/facilities/${facility.id}/hourly?from=2026-11-20&to=2026-11-21&format=csv`,
  );
  expect(res.headers()["content-type"]).toContain("text/csv");
  const rows = (await res.text()).trim().split("\n");
  expect(rows).toHaveLength(25);
  expect(rows[0]).toContain("start,end,utc_offset");
  expect(rows[1]!.startsWith("2026-11-20T00:00:00+05:45,2026-11-20T01:00:00+05:45,+05:45")).toBe(
    true,
  );
  const viaAccept = await request.get(
    `${api}/facilities/${facility.id}/daily?from=2026-11-20&to=2026-11-21`,
    { headers: { accept: "text/csv" } },
  );
  expect(viaAccept.headers()["content-type"]).toContain("text/csv");
});

test("invalid ranges are refused with a hint", async ({ request }) => {
  const { facility } = await kathmanduDoor(request);
  const backwards = await request.get(
    `${api}/facilities/${facility.id}/hourly?from=2026-11-21&to=2026-11-20`,
  );
  expect(backwards.status()).toBe(422);
  const tooLong = await request.get(
    `${api}/facilities/${facility.id}/logs?from=2026-01-01&to=2026-11-01`,
  );
  expect(tooLong.status()).toBe(422);
  const body = await tooLong.json();
  expect(body.error.details[0].path).toMatch(/^query\./);
  expect(body.error.message.length).toBeGreaterThan(20);
  const garbage = await request.get(`${api}/facilities/${facility.id}/daily?from=yesterday`);
  expect(garbage.status()).toBe(422);
});
