import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import {
  cameras,
  crossings,
  facilities,
  lines,
  occupancyAdjustments,
  occupancyLive,
  zones,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing";
import { entitySeries, type SeriesTarget } from "@/lib/history/series";
import { type Entity, lockEntity, replayEntity } from "@/lib/occupancy/ledger";
import { bucketBoundaries, type Unit } from "@/lib/timeseries/local-buckets";
import { minuteOf } from "@/lib/timeseries/minute";
import { replayOccupancy } from "@/lib/timeseries/occupancy-replay";
import { type RollupBucket, rollup } from "@/lib/timeseries/rollup";
import { markRollup } from "./marks";
import { coverageOf } from "./minutes";
import type { QuarterSource } from "./quarters";
import { rebuildLocalRollups } from "./rebuild";
import { applyRetention, retentionCutoff } from "./retention";
import { rollupFacility } from "./roll";
import { type Level, readBuckets, worthKeeping } from "./store";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

interface Site {
  facilityId: string;
  zoneId: string;
  cameraIds: [string, string];
  lineIds: [string, string];
  capacities: { zone: number; facility: number };
}

/** Camera 0's line bounds the zone, camera 1's the facility. */
async function newSite(timezone: string): Promise<Site> {
  const { db } = database;
  const facilityId = newId("fac");
  const zoneId = newId("zone");
  const cameraIds = [newId("cam"), newId("cam")] as [string, string];
  const lineIds = [newId("line"), newId("line")] as [string, string];
  const capacities = { zone: 2, facility: 3 };
  await db.insert(facilities).values({ id: facilityId, name: "F", timezone, capacity: 3 });
  await db.insert(zones).values({ id: zoneId, facilityId, name: "Z", capacity: 2 });
  for (const [i, id] of cameraIds.entries()) {
    await db.insert(cameras).values({ id, facilityId, name: `C${i}`, width: 640, height: 480 });
    await db.insert(lines).values({
      id: lineIds[i]!,
      cameraId: id,
      facilityId,
      zoneId: i === 0 ? zoneId : null,
      name: `L${i}`,
      x1: 0,
      y1: 0,
      x2: 1,
      y2: 1,
      inSide: "right",
      anchor: "bottom_center",
    });
  }
  return { facilityId, zoneId, cameraIds, lineIds, capacities };
}

interface Crossing {
  at: number;
  delta: 1 | -1;
}

interface Batch {
  camera: 0 | 1;
  crossings: Crossing[];
  /** Minutes (ms) in which the camera sent frames. */
  covered: number[];
}

/** What ingest writes for one camera batch, then the replays materialise does. */
async function deliver(site: Site, batch: Batch) {
  const { db } = database;
  const { facilityId } = site;
  const cameraId = site.cameraIds[batch.camera];
  const lineId = site.lineIds[batch.camera];
  const zoneId = batch.camera === 0 ? site.zoneId : null;
  const covered = [...new Set([...batch.covered, ...batch.crossings.map((c) => minuteOf(c.at))])];
  await db.transaction(async (tx) => {
    const camera: Entity = { kind: "camera", id: cameraId, facilityId };
    await lockEntity(tx, camera);
    if (batch.crossings.length > 0) {
      await tx.insert(crossings).values(
        batch.crossings.map((c) => ({
          facilityId,
          cameraId,
          lineId,
          zoneId,
          trackId: "t",
          delta: c.delta,
          ts: new Date(c.at),
        })),
      );
      for (const c of batch.crossings) {
        await tx.execute(sql`
          insert into line_minutes (line_id, camera_id, facility_id, minute, entries, exits)
          values (${lineId}, ${cameraId}, ${facilityId}, ${new Date(minuteOf(c.at)).toISOString()}::timestamptz,
            ${c.delta > 0 ? 1 : 0}, ${c.delta < 0 ? 1 : 0})
          on conflict (line_id, minute) do update set
            entries = line_minutes.entries + excluded.entries,
            exits = line_minutes.exits + excluded.exits`);
      }
    }
    for (const m of covered) {
      await tx.execute(sql`
        insert into camera_minutes (camera_id, facility_id, minute, frames, detections)
        values (${cameraId}, ${facilityId}, ${new Date(m).toISOString()}::timestamptz, 1, 1)
        on conflict (camera_id, minute) do update set frames = camera_minutes.frames + 1`);
    }
    if (covered.length > 0) await markRollup(tx, camera, { from: Math.min(...covered) });
    if (batch.crossings.length === 0) return;
    const from = Math.min(...batch.crossings.map((c) => c.at));
    await replayEntity(tx, camera, from, false);
    const area: Entity = zoneId
      ? { kind: "zone", id: zoneId, facilityId }
      : { kind: "facility", id: facilityId, facilityId };
    await lockEntity(tx, area);
    await replayEntity(tx, area, from, false);
  });
}

/**
 * The same figures straight from the ledger: one camera's crossings replayed in event time, with
 * the coverage of that camera or of both.
 */
function expected(
  all: Batch[],
  camera: 0 | 1,
  coverage: 0 | 1 | "both",
  capacity: number | null,
  buckets: { start: number; end: number }[],
): RollupBucket[] {
  const events = all
    .filter((b) => b.camera === camera)
    .flatMap((b) => b.crossings)
    .map((c) => ({ ts: c.at, kind: "crossing" as const, delta: c.delta }));
  const from = Math.min(...events.map((e) => e.ts), buckets[0]!.start);
  const { buckets: minutes } = replayOccupancy({
    start: 0,
    fromMinute: minuteOf(from),
    events,
    existingMinutes: [],
    allowNegative: false,
  });
  const covered = [
    ...new Set(
      all
        .filter((b) => coverage === "both" || b.camera === coverage)
        .flatMap((b) => [...b.covered, ...b.crossings.map((c) => minuteOf(c.at))]),
    ),
  ].sort((a, b) => a - b);
  return rollup(minutes, 0, buckets, { capacity, covered: coverageOf(covered) });
}

const rounded = (b: RollupBucket) => ({
  ...b,
  integral: Math.round(b.integral * 1000) / 1000,
  coveredIntegral: Math.round(b.coveredIntegral * 1000) / 1000,
  occupancyAvg: b.occupancyAvg === null ? null : Math.round(b.occupancyAvg * 1000) / 1000,
});

const TZ_DAYS: [string, number][] = [
  ["Europe/Berlin", Date.UTC(2026, 9, 24, 22)], // 25 October 2026 has 25 hours
  ["America/New_York", Date.UTC(2026, 2, 8, 5)], // 8 March 2026 has 23 hours
  ["Asia/Kolkata", Date.UTC(2026, 10, 23, 18, 30)],
  ["Asia/Kathmandu", Date.UTC(2026, 10, 23, 18, 15)],
];

const crossingArb = (dayStart: number) =>
  fc.record({
    at: fc.integer({ min: dayStart - 2 * 3_600_000, max: dayStart + 27 * 3_600_000 }),
    delta: fc.constantFrom<1 | -1>(1, 1, -1),
  });

/** A camera's data, in its own time order, cut into batches. */
const cameraBatches = (camera: 0 | 1, dayStart: number) =>
  fc
    .tuple(
      fc.array(crossingArb(dayStart), { maxLength: 40 }),
      fc.array(fc.integer({ min: dayStart - 3_600_000, max: dayStart + 26 * 3_600_000 }), {
        maxLength: 30,
      }),
      fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
    )
    .map(([cs, cov, cuts]) => {
      const sorted = [...cs].sort((a, b) => a.at - b.at);
      const minutes = cov.map(minuteOf).sort((a, b) => a - b);
      const out: Batch[] = [];
      let i = 0;
      let j = 0;
      for (const cut of cuts) {
        const part = sorted.slice(i, i + cut);
        const until = part[part.length - 1]?.at ?? Number.POSITIVE_INFINITY;
        const cover: number[] = [];
        while (j < minutes.length && minutes[j]! <= until) cover.push(minutes[j++]!);
        out.push({ camera, crossings: part, covered: cover });
        i += cut;
      }
      out.push({ camera, crossings: sorted.slice(i), covered: minutes.slice(j) });
      return out;
    });

function interleave(a: Batch[], b: Batch[], picks: boolean[]): Batch[] {
  const out: Batch[] = [];
  let i = 0;
  let j = 0;
  for (const pick of picks) {
    if (pick && i < a.length) out.push(a[i++]!);
    else if (j < b.length) out.push(b[j++]!);
  }
  return [...out, ...a.slice(i), ...b.slice(j)];
}

function targetOf(
  site: Site,
  kind: "camera" | "zone" | "facility",
  timezone: string,
): SeriesTarget {
  const { facilityId } = site;
  const source: QuarterSource =
    kind === "camera"
      ? {
          entity: { kind, id: site.cameraIds[0], facilityId },
          coverage: { cameraId: site.cameraIds[0] },
          capacity: null,
        }
      : {
          entity: { kind, id: kind === "zone" ? site.zoneId : facilityId, facilityId },
          coverage: { facilityId },
          capacity: kind === "zone" ? site.capacities.zone : site.capacities.facility,
        };
  return {
    source,
    cameraId: kind === "camera" ? site.cameraIds[0] : null,
    facilityTimeZone: timezone,
  };
}

const FAR_FUTURE = Date.UTC(2100, 0, 1);

async function checkAll(
  site: Site,
  timezone: string,
  dayStart: number,
  all: Batch[],
  how: "stored" | "read",
) {
  const from = dayStart - 86_400_000;
  const to = dayStart + 2 * 86_400_000;
  const cases: {
    kind: "camera" | "zone" | "facility";
    camera: 0 | 1;
    capacity: number | null;
  }[] = [
    { kind: "camera", camera: 0, capacity: null },
    { kind: "zone", camera: 0, capacity: site.capacities.zone },
    { kind: "facility", camera: 1, capacity: site.capacities.facility },
  ];
  for (const c of cases) {
    const target = targetOf(site, c.kind, timezone);
    const coverageCamera = c.kind === "camera" ? 0 : "both";
    for (const unit of ["hour", "day", "month"] as Unit[]) {
      const buckets = bucketBoundaries(from, to, unit, timezone);
      const want = expected(all, c.camera, coverageCamera, c.capacity, buckets);
      if (how === "read") {
        const got = await database.db.transaction((tx: Executor) =>
          entitySeries(tx, target, unit as "hour", buckets, timezone, FAR_FUTURE),
        );
        expect(got.map(rounded), `${c.kind} ${unit} read`).toEqual(want.map(rounded));
      } else {
        const stored = await readBuckets(
          database.db,
          unit as Level,
          target.source.entity,
          buckets[0]!.start,
          buckets[buckets.length - 1]!.end,
        );
        expect(stored.map(rounded), `${c.kind} ${unit} stored`).toEqual(
          want.filter(worthKeeping).map(rounded),
        );
      }
    }
  }
}

describe("rollups on the database", () => {
  for (const [timezone, dayStart] of TZ_DAYS) {
    it(`equal the ledger in ${timezone}, whatever order the cameras' data arrives in`, async () => {
      await fc.assert(
        fc.asyncProperty(
          cameraBatches(0, dayStart),
          cameraBatches(1, dayStart),
          fc.array(fc.boolean(), { maxLength: 30 }),
          fc.array(fc.boolean(), { maxLength: 30 }),
          async (a, b, picks, rollBetween) => {
            const site = await newSite(timezone);
            const all = interleave(a, b, picks);
            for (const [i, batch] of all.entries()) {
              await deliver(site, batch);
              // Late data after a rollup: the job must roll the touched buckets up again.
              if (rollBetween[i]) await rollupFacility(database.db, site.facilityId, 2);
            }
            // Reports are exact before the job catches up …
            await checkAll(site, timezone, dayStart, all, "read");
            await rollupFacility(database.db, site.facilityId, 2);
            // … and the stored rollups are after it.
            await checkAll(site, timezone, dayStart, all, "stored");
            await checkAll(site, timezone, dayStart, all, "read");
          },
        ),
        { numRuns: 6 },
      );
    }, 240_000);
  }
});

const facilityTarget = (site: Site, timezone: string) => targetOf(site, "facility", timezone);

async function storedFacility(site: Site, level: Level, from: number, to: number) {
  const entity = { kind: "facility" as const, id: site.facilityId, facilityId: site.facilityId };
  return readBuckets(database.db, level, entity, from, to);
}

describe("rollups through resets, retention and a new time zone", () => {
  it("an hour with a reset in it holds both sides of the reset", async () => {
    const site = await newSite("Europe/Berlin");
    const ten = Date.parse("2026-11-18T10:05:00+01:00");
    await deliver(site, {
      camera: 1,
      crossings: [1, 2, 3].map(() => ({ at: ten, delta: 1 as const })),
      covered: [],
    });
    const reset = Date.parse("2026-11-18T10:30:00+01:00");
    const facility: Entity = { kind: "facility", id: site.facilityId, facilityId: site.facilityId };
    await database.db.transaction(async (tx) => {
      await lockEntity(tx, facility);
      await tx.insert(occupancyAdjustments).values({
        facilityId: site.facilityId,
        entityKind: "facility",
        entityId: site.facilityId,
        kind: "reset",
        ts: new Date(reset),
        value: 0,
      });
      await replayEntity(tx, facility, reset, false);
    });
    await rollupFacility(database.db, site.facilityId, 2);
    const day = Date.parse("2026-11-18T00:00:00+01:00");
    const hours = await storedFacility(site, "hour", day, day + 86_400_000);
    const tenHour = hours.find((h) => h.start === Date.parse("2026-11-18T10:00:00+01:00"))!;
    expect(tenHour).toMatchObject({
      entries: 3,
      occupancyStart: 0,
      occupancyMax: 3,
      occupancyEnd: 0,
      adjusted: true,
      integral: 3 * 25 * 60,
    });
    const [daily] = await storedFacility(site, "day", day, day + 86_400_000);
    expect(daily).toMatchObject({ entries: 3, occupancyMax: 3, occupancyEnd: 0, adjusted: true });
    // After the reset the count starts from zero: a later exit is clamped, not -1.
    const read = await database.db.transaction((tx: Executor) =>
      entitySeries(
        tx,
        facilityTarget(site, "Europe/Berlin"),
        "hour",
        bucketBoundaries(day, day + 86_400_000, "hour", "Europe/Berlin"),
        "Europe/Berlin",
        FAR_FUTURE,
      ),
    );
    expect(read[11]).toMatchObject({ occupancyStart: 0, occupancyMax: 0, integral: 0 });
  });

  it("retention keeps the rollups and the balance after deleting raw data", async () => {
    const site = await newSite("UTC");
    const now = Date.UTC(2026, 10, 30, 12);
    const cutoff = retentionCutoff(now, 90);
    const old = cutoff - 10 * 86_400_000;
    await deliver(site, {
      camera: 1,
      crossings: [
        { at: old, delta: 1 },
        { at: old + 60_000, delta: 1 },
        { at: old + 120_000, delta: 1 },
        { at: old + 3_600_000, delta: -1 },
      ],
      covered: [],
    });
    await rollupFacility(database.db, site.facilityId, 2);
    const span = bucketBoundaries(old - 86_400_000, old + 2 * 86_400_000, "day", "UTC");
    const series = () =>
      database.db.transaction((tx: Executor) =>
        entitySeries(tx, facilityTarget(site, "UTC"), "day", span, "UTC", now),
      );
    const before = await series();
    const done = await applyRetention(database.db, now);
    expect(done.skipped).not.toContain(site.facilityId);
    const left = await database.db
      .select({ id: crossings.id })
      .from(crossings)
      .where(eq(crossings.facilityId, site.facilityId));
    expect(left).toHaveLength(0);
    const [checkpoint] = await database.db
      .select()
      .from(occupancyAdjustments)
      .where(
        and(
          eq(occupancyAdjustments.entityId, site.facilityId),
          eq(occupancyAdjustments.kind, "checkpoint"),
        ),
      );
    expect(checkpoint).toMatchObject({ value: 2, ts: new Date(cutoff) });
    // The days before the cutoff read the same from the quarters kept for the long term.
    expect(await series()).toEqual(before);
    // A replay after the cutoff starts from the checkpoint, not from zero.
    const late = cutoff + 5 * 86_400_000;
    await deliver(site, { camera: 1, crossings: [{ at: late, delta: 1 }], covered: [] });
    const [live] = await database.db
      .select()
      .from(occupancyLive)
      .where(
        and(eq(occupancyLive.entityKind, "facility"), eq(occupancyLive.entityId, site.facilityId)),
      );
    expect(live?.occupancy).toBe(3);
  });

  it("a new time zone rebuilds the local rollups from the quarters", async () => {
    const [from, to] = ["Europe/Berlin", "Asia/Kathmandu"];
    const dayStart = Date.UTC(2026, 10, 19, 18, 15);
    const site = await newSite(from);
    const all: Batch[] = [
      {
        camera: 0,
        crossings: [
          { at: dayStart + 3_600_000, delta: 1 },
          { at: dayStart + 5 * 3_600_000, delta: 1 },
          { at: dayStart + 22 * 3_600_000, delta: -1 },
        ],
        covered: [dayStart + 7_200_000],
      },
      { camera: 1, crossings: [{ at: dayStart + 9 * 3_600_000, delta: 1 }], covered: [] },
    ];
    for (const batch of all) await deliver(site, batch);
    await rollupFacility(database.db, site.facilityId, 2);
    await database.db.transaction(async (tx) => {
      await rebuildLocalRollups(tx, site.facilityId);
      await tx.update(facilities).set({ timezone: to }).where(eq(facilities.id, site.facilityId));
    });
    await checkAll(site, to, dayStart, all, "read");
    await rollupFacility(database.db, site.facilityId, 2);
    await checkAll(site, to, dayStart, all, "stored");
  });
});
