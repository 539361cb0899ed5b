/**
 * npm run bench:history — history and rollups at scale on PostgreSQL: one facility (Europe/Berlin)
 * with 500 cameras, 90 days of minute data and a year of quarters, hours, days and months, all
 * generated server-side. Then times the rollup of the last day for every camera, and history
 * reports through getHistory: a year by month (facility), a week by hour (camera), a month by day
 * for 50 cameras, with everything rolled up and with fresh marks as during live ingest.
 * Targets: a day's rollup ≤ 5 s; each history query p50 ≤ 50 ms.
 *
 * Options: --cameras=500 --days=90 --long-term-days=365 --crossing-days=7 (raw crossings only for
 * the last N days: the history never reads them) --runs=30 --rollup-runs=5 --keep (reuse a complete
 * earlier generation of the same size) --url=postgres://… (default DATABASE_URL, else database
 * footfall_bench_history on the local server, created if missing). Generation truncates the data
 * tables, so it refuses a database whose name does not start with footfall_bench.
 */
import os from "node:os";
import { DateTime } from "luxon";
import postgres from "postgres";
import { type Db, openDatabase } from "@/db/client";
import type { Principal } from "@/lib/auth/principal";
import { getHistory } from "@/lib/history/history";
import { aggregateNow } from "@/lib/rollups/aggregate";
import { markRollup } from "@/lib/rollups/marks";
import { rollupFacility } from "@/lib/rollups/roll";
import {
  GENERATION_SETTINGS,
  type Generated,
  generate,
  ids,
  type Plan,
  TIME_ZONE,
  ZONES,
} from "./history/generate";
import { line, pool, type Timing, timed } from "./history/measure";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const cameraCount = Number(arg("cameras", "500"));
const days = Number(arg("days", "90"));
const longTermDays = Number(arg("long-term-days", "365"));
const crossingDays = Number(arg("crossing-days", "7"));
const runs = Number(arg("runs", "30"));
const rollupRuns = Number(arg("rollup-runs", "5"));
const keep = process.argv.includes("--keep");
const url = arg(
  "url",
  process.env.DATABASE_URL || "postgres://footfall:footfall@127.0.0.1:5432/footfall_bench_history",
);
const ROLLUP_TARGET_MS = 5_000;
const QUERY_TARGET_MS = 50;
const SAMPLE_CAMERAS = 50;
const CONCURRENCY = 8;

const actor: Principal = {
  kind: "bootstrap",
  id: "bench",
  label: "bench",
  capabilities: new Set(["read", "configure", "ingest", "admin"]),
  facilities: "all",
};

const say = (s: string) => console.log(s);
const redacted = (u: string) => u.replace(/:[^:@/]*@/, ":…@");
const databaseName = (u: string) => new URL(u).pathname.slice(1);

/** Creates the database when it is missing (only our own bench databases). */
async function ensureDatabase() {
  const name = databaseName(url);
  if (!name.startsWith("footfall_bench")) return;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const pg = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await pg`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await pg.unsafe(`create database "${name}"`);
  } finally {
    await pg.end();
  }
}

interface Marker extends Plan {
  seconds: number;
  rows: Record<string, number>;
}

async function readMarker(pg: postgres.Sql): Promise<Marker | null> {
  await pg.unsafe(`
    create table if not exists bench_history_generation (
      id int primary key, plan jsonb not null, completed_at timestamptz not null default now())`);
  const [row] = await pg<{ plan: Marker }[]>`select plan from bench_history_generation`;
  return row?.plan ?? null;
}

async function prepare(pg: postgres.Sql): Promise<Marker> {
  const previous = await readMarker(pg);
  if (
    keep &&
    previous &&
    previous.cameras === cameraCount &&
    previous.days === days &&
    previous.longTermDays === longTermDays &&
    previous.crossingDays === crossingDays
  ) {
    say(
      `reusing the data generated up to ${new Date(previous.endMs).toISOString()} (${previous.seconds.toFixed(0)} s to generate)`,
    );
    return previous;
  }
  if (!databaseName(url).startsWith("footfall_bench")) {
    throw new Error(
      `refusing to generate into ${databaseName(url)}: use a footfall_bench* database`,
    );
  }
  const endMs = DateTime.now().setZone(TIME_ZONE).startOf("day").toMillis();
  const plan: Plan = { cameras: cameraCount, days, longTermDays, crossingDays, endMs };
  say(
    `generating ${cameraCount} cameras, ${days} days of minutes (crossings: last ${crossingDays}), ${longTermDays} days of rollups, up to ${new Date(endMs).toISOString()}`,
  );
  await pg`delete from bench_history_generation`;
  const connect = () =>
    postgres(url, { max: 1, onnotice: () => {}, connection: GENERATION_SETTINGS });
  const done: Generated = await generate(connect, plan, say);
  const marker: Marker = { ...plan, ...done };
  await pg`insert into bench_history_generation (id, plan) values (1, ${pg.json(JSON.parse(JSON.stringify(marker)))})`;
  return marker;
}

async function report(pg: postgres.Sql, marker: Marker) {
  say(`\ndata (generation took ${(marker.seconds / 60).toFixed(1)} min)`);
  const tables = Object.keys(marker.rows).sort();
  for (const table of tables) {
    const n = marker.rows[table]!;
    const [size] = await pg<{ bytes: string }[]>`
      select pg_total_relation_size(${table}::regclass)::text as bytes`;
    say(
      `  ${table.padEnd(20)} ${n.toLocaleString("en").padStart(13)} rows  ${(Number(size!.bytes) / 2 ** 30).toFixed(2).padStart(6)} GiB`,
    );
  }
  const [db] = await pg<{ bytes: string }[]>`
    select pg_database_size(current_database())::text as bytes`;
  say(`  pg_database_size     ${(Number(db!.bytes) / 2 ** 30).toFixed(2)} GiB`);
}

const cameraIds = Array.from({ length: cameraCount }, (_, c) => ids.camera(c));
const areas = [
  ...Array.from({ length: ZONES }, (_, z) => ({ kind: "zone" as const, id: ids.zone(z) })),
  { kind: "facility" as const, id: ids.facility },
];

/** Marks every camera, zone and the facility from `fromMs`, as ingest would. */
async function markAll(db: Db, fromMs: number) {
  await db.transaction(async (tx) => {
    for (const id of cameraIds) {
      await markRollup(tx, { kind: "camera", id, facilityId: ids.facility }, { from: fromMs });
    }
    for (const area of areas) {
      await markRollup(tx, { ...area, facilityId: ids.facility }, { from: fromMs });
    }
  });
}

async function clearMarks(pg: postgres.Sql) {
  await pg`delete from rollup_pending where facility_id = ${ids.facility}`;
}

async function benchRollup(db: Db, pg: postgres.Sql, marker: Marker) {
  const zone = DateTime.fromMillis(marker.endMs, { zone: TIME_ZONE });
  const dayStart = zone.minus({ days: 1 }).toMillis();
  say(`\nrollup of the last day (${zone.minus({ days: 1 }).toISODate()}) for every camera`);
  const job: Timing = {
    label: `rollupFacility, ${cameraCount} cameras marked (as the job: 2 batches at a time)`,
    samples: [],
  };
  for (let i = 0; i < rollupRuns; i++) {
    await markAll(db, dayStart);
    const { ms, value } = await timed(() => rollupFacility(db, ids.facility, 2));
    job.samples.push(ms);
    if (i === 0) say(`  wrote ${JSON.stringify(value)}`);
  }
  job.target = ROLLUP_TARGET_MS;
  say(line(job));
  const again: Timing = { label: "aggregateNow of that day (every entity)", samples: [] };
  for (let i = 0; i < Math.min(rollupRuns, 3); i++) {
    const input = {
      facility_id: ids.facility,
      from: new Date(dayStart).toISOString(),
      to: new Date(marker.endMs).toISOString(),
    };
    const { ms } = await timed(() => aggregateNow(db, input, actor, marker.endMs));
    again.samples.push(ms);
  }
  say(line(again));
  await clearMarks(pg);
}

async function benchHistory(db: Db, marker: Marker, label: string): Promise<Timing[]> {
  const now = marker.endMs;
  const local = DateTime.fromMillis(now, { zone: TIME_ZONE });
  const year = {
    from: local.minus({ months: 11 }).startOf("month").toISO()!,
    to: local.startOf("month").plus({ months: 1 }).toISO()!,
  };
  const week = { from: local.minus({ days: 7 }).toISO()!, to: local.toISO()! };
  const month = { from: local.minus({ days: 30 }).toISO()!, to: local.toISO()! };
  const facility: Timing = { label: "facility, a year by month", samples: [] };
  const camera: Timing = { label: "camera, a week by hour", samples: [] };
  const each: Timing = { label: `camera, a month by day (each of ${SAMPLE_CAMERAS})`, samples: [] };
  const total: Timing = { label: `  all ${SAMPLE_CAMERAS} one after another`, samples: [] };
  const together: Timing = {
    label: `  all ${SAMPLE_CAMERAS}, ${CONCURRENCY} at a time`,
    samples: [],
  };
  const eachConcurrent: Timing = {
    label: `  each, ${CONCURRENCY} at a time`,
    samples: [],
  };
  let sample = "";
  for (let i = 0; i < runs; i++) {
    const f = await timed(() =>
      getHistory(db, "facility", ids.facility, "month", year, actor, now),
    );
    facility.samples.push(f.ms);
    if (i === 0) {
      const b = f.value.buckets[f.value.buckets.length - 2]!;
      sample = `${b.start}: entries ${b.entries}, avg ${b.occupancy_avg}, max ${b.occupancy_max}, coverage ${b.coverage}`;
    }
    const id = cameraIds[(i * 7) % cameraIds.length]!;
    camera.samples.push(
      (await timed(() => getHistory(db, "camera", id, "hour", week, actor, now))).ms,
    );
    const fifty = cameraIds.slice(0, SAMPLE_CAMERAS);
    const seq = await timed(async () => {
      for (const cid of fifty) {
        each.samples.push(
          (await timed(() => getHistory(db, "camera", cid, "day", month, actor, now))).ms,
        );
      }
    });
    total.samples.push(seq.ms);
    const par = await timed(() =>
      pool(fifty.length, CONCURRENCY, async (k) => {
        eachConcurrent.samples.push(
          (await timed(() => getHistory(db, "camera", fifty[k]!, "day", month, actor, now))).ms,
        );
      }),
    );
    together.samples.push(par.ms);
  }
  for (const t of [facility, camera, each]) t.target = QUERY_TARGET_MS;
  say(`\nhistory through getHistory — ${label}`);
  say(`  (facility, last whole month: ${sample})`);
  const timings = [facility, camera, each, total, together, eachConcurrent];
  for (const t of timings) say(line(t));
  return timings;
}

async function main() {
  say(
    `bench:history — ${os.cpus().length} cores, Node ${process.version}, ${redacted(url)}, ${runs} runs`,
  );
  await ensureDatabase();
  const database = await openDatabase({ databaseUrl: url, dataDir: "memory" });
  const pg = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const marker = await prepare(pg);
    await report(pg, marker);
    await benchRollup(database.db, pg, marker);
    await clearMarks(pg);
    await benchHistory(database.db, marker, "everything rolled up (no marks)");
    await markAll(database.db, marker.endMs - 2 * 60_000);
    await benchHistory(
      database.db,
      marker,
      "live: every camera, zone and the facility marked from now − 2 min",
    );
    await clearMarks(pg);
  } finally {
    await pg.end();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
