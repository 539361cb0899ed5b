/**
 * Server-side generation of the history benchmark's data: one facility in Europe/Berlin, zones,
 * cameras with one line each, minute data for the last `days` days and long-term rollups for the
 * last `longTermDays` days, all from `insert … select … from generate_series(…)`.
 *
 * Occupancy follows a daily curve per entity (zero outside 08:00–22:00 local, a sine hump inside),
 * so occ_start/occ_end chain from row to row; counts are plausible, not exact against crossings.
 * The quarters are drawn from the same curve, and hours, days and months are summed from them.
 */
import { DateTime } from "luxon";
import type postgres from "postgres";

export const TIME_ZONE = "Europe/Berlin";
export const ZONES = 10;

type Pg = postgres.Sql;

export interface Plan {
  cameras: number;
  days: number;
  longTermDays: number;
  crossingDays: number;
  /** Minute data and rollups end here: a local midnight. */
  endMs: number;
}

export const ids = {
  facility: "fac_bh00000000000001",
  camera: (c: number) => `cam_bh${String(c).padStart(14, "0")}`,
  line: (c: number) => `line_bh${String(c).padStart(14, "0")}`,
  zone: (z: number) => `zone_bh${String(z).padStart(14, "0")}`,
};

/** The same ids as SQL expressions over an integer column. */
const sqlId = (prefix: string, column: string) =>
  `'${prefix}_bh' || lpad((${column})::text, 14, '0')`;

export const FACILITY_CAPACITY = 1800;

const BULK_TABLES = [
  "camera_minutes",
  "occupancy_minutes",
  "line_minutes",
  "crossings",
  "occupancy_quarters",
  "occupancy_hourly",
  "occupancy_daily",
  "occupancy_monthly",
];

const DATA_TABLES = [
  ...BULK_TABLES,
  "rollup_pending",
  "occupancy_pending",
  "occupancy_live",
  "occupancy_adjustments",
];

/** Local-midnight boundaries from `fromMs` to `toMs`, every `stepDays` days. */
export function dayChunks(fromMs: number, toMs: number, stepDays: number): [number, number][] {
  const out: [number, number][] = [];
  let at = DateTime.fromMillis(fromMs, { zone: TIME_ZONE });
  while (at.toMillis() < toMs) {
    const next = at.plus({ days: stepDays });
    out.push([at.toMillis(), Math.min(next.toMillis(), toMs)]);
    at = next;
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function setupFunctions(pg: Pg) {
  // Inlinable SQL functions: the local hour of an instant, and an entity's occupancy curve.
  await pg.unsafe(`
    create or replace function bench_hour(t timestamptz) returns double precision
    language sql immutable as $$
      select extract(epoch from (t at time zone '${TIME_ZONE}')::time) / 3600.0
    $$`);
  // The curve's shape (0–1) at an instant; an entity's occupancy is round(amplitude × shape).
  await pg.unsafe(`
    create or replace function bench_shape(t timestamptz) returns double precision
    language sql immutable as $$
      select case when bench_hour(t) >= 8 and bench_hour(t) < 22
        then sin(pi() * (bench_hour(t) - 8) / 14) else 0 end
    $$`);
  await pg.unsafe(`
    create or replace function bench_open(t timestamptz) returns boolean
    language sql immutable as $$ select bench_hour(t) >= 8 and bench_hour(t) < 22 $$`);
}

async function clear(pg: Pg) {
  await pg.unsafe(`truncate ${DATA_TABLES.join(", ")}`);
  await pg.unsafe(`delete from lines where facility_id = '${ids.facility}'`);
  await pg.unsafe(`delete from cameras where facility_id = '${ids.facility}'`);
  await pg.unsafe(`delete from zones where facility_id = '${ids.facility}'`);
  await pg.unsafe(`delete from facilities where id = '${ids.facility}'`);
}

async function createShape(pg: Pg, cameras: number) {
  const f = ids.facility;
  await pg.unsafe(`
    insert into facilities (id, name, timezone, capacity)
    values ('${f}', 'Bench history', '${TIME_ZONE}', ${FACILITY_CAPACITY})`);
  await pg.unsafe(`
    insert into zones (id, facility_id, name, capacity)
    select ${sqlId("zone", "z")}, '${f}', 'Zone ' || z, 140 + 10 * z
    from generate_series(0, ${ZONES - 1}) z`);
  await pg.unsafe(`
    insert into cameras (id, facility_id, name, width, height)
    select ${sqlId("cam", "c")}, '${f}', 'Camera ' || c, 1920, 1080
    from generate_series(0, ${cameras - 1}) c`);
  // Even cameras watch a zone's boundary, odd ones the facility's.
  await pg.unsafe(`
    insert into lines (id, camera_id, facility_id, zone_id, name, x1, y1, x2, y2, in_side, anchor)
    select ${sqlId("line", "c")}, ${sqlId("cam", "c")}, '${f}',
      case when c % 2 = 0 then ${sqlId("zone", `(c / 2) % ${ZONES}`)} end,
      'Door ' || c, 960, 40, 960, 1060, 'right', 'bottom_center'
    from generate_series(0, ${cameras - 1}) c`);
  // Every entity with a rollup, with its curve's amplitude and its capacity.
  await pg.unsafe(`drop table if exists bench_history_entities`);
  await pg.unsafe(`
    create table bench_history_entities (
      kind text not null, id text not null, amp int not null, cap int, extra int not null)`);
  await pg.unsafe(`
    insert into bench_history_entities
    select 'camera', ${sqlId("cam", "c")}, 4 + c % 17, null::int, 1 from generate_series(0, ${cameras - 1}) c
    union all
    select 'line', ${sqlId("line", "c")}, 4 + c % 17, null::int, 1 from generate_series(0, ${cameras - 1}) c
    union all
    select 'zone', ${sqlId("zone", "z")}, 150 + 10 * z, 140 + 10 * z, 8
      from generate_series(0, ${ZONES - 1}) z
    union all
    select 'facility', '${f}', 2000, ${FACILITY_CAPACITY}, 60`);
}

/**
 * Drops the bulk tables' indexes (and primary keys) for the generation, saving how to restore
 * them in a table of their own, so an interrupted run restores them on the next.
 */
async function dropIndexes(pg: Pg) {
  await pg.unsafe(`
    create table if not exists bench_history_saved_indexes (
      name text primary key, restore_sql text not null)`);
  const rows = await pg.unsafe<{ name: string; restore_sql: string; drop_sql: string }[]>(
    `
    select i.relname as name,
      case when con.oid is not null
        then format('alter table %I add constraint %I %s', c.relname, con.conname,
          pg_get_constraintdef(con.oid))
        else pg_get_indexdef(i.oid) end as restore_sql,
      case when con.oid is not null
        then format('alter table %I drop constraint %I', c.relname, con.conname)
        else format('drop index %I', i.relname) end as drop_sql
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class c on c.oid = x.indrelid
    left join pg_constraint con on con.conindid = i.oid and con.contype in ('p', 'u')
    where c.relnamespace = 'public'::regnamespace and c.relname = any($1)`,
    [BULK_TABLES],
  );
  for (const r of rows) {
    await pg`insert into bench_history_saved_indexes ${pg({ name: r.name, restore_sql: r.restore_sql })}
      on conflict (name) do nothing`;
    await pg.unsafe(r.drop_sql);
  }
}

export async function restoreIndexes(pg: Pg, say: (s: string) => void = () => {}) {
  const exists = await pg`select to_regclass('bench_history_saved_indexes') as t`;
  if (!exists[0]?.t) return;
  const saved = await pg<{ name: string; restore_sql: string }[]>`
    select name, restore_sql from bench_history_saved_indexes order by name`;
  for (const r of saved) {
    const began = performance.now();
    await pg.unsafe(r.restore_sql);
    await pg`delete from bench_history_saved_indexes where name = ${r.name}`;
    say(`  index ${r.name} ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
}

/** Per minute of [from, to): the curve's shape at its start and end, and whether it is open. */
/** Restores the saved indexes, a table per connection at a time. */
async function restoreIndexesOn(workers: Pg[], say: (s: string) => void) {
  const saved = await workers[0]!<{ name: string; restore_sql: string }[]>`
    select name, restore_sql from bench_history_saved_indexes order by name`;
  // Biggest tables first, so the slow ones start early.
  const first = ["camera_minutes", "occupancy_quarters", "occupancy_minutes", "minutes_", "line_"];
  const order = (n: string) => {
    const i = first.findIndex((p) => n.startsWith(p));
    return i < 0 ? first.length : i;
  };
  const queue = [...saved].sort((a, b) => order(a.name) - order(b.name));
  await Promise.all(
    workers.map(async (pg) => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const began = performance.now();
        await pg.unsafe(r.restore_sql);
        await pg`delete from bench_history_saved_indexes where name = ${r.name}`;
        say(`  index ${r.name} ${((performance.now() - began) / 1000).toFixed(0)} s`);
      }
    }),
  );
}

const minuteTimes = (from: number, to: number) => `
  select m, bench_shape(m) as sh0, bench_shape(m + interval '1 minute') as sh1,
    bench_open(m) as open, extract(epoch from m)::bigint / 60 as n
  from generate_series('${iso(from)}'::timestamptz, '${iso(to)}'::timestamptz - interval '1 minute',
    interval '1 minute') m`;

const camerasOf = (plan: Plan) =>
  `(select c, 4 + c % 17 as amp from generate_series(0, ${plan.cameras - 1}) c) cam`;

/** Cameras report frames every minute, day and night. */
async function cameraMinutes(pg: Pg, plan: Plan, from: number, to: number) {
  const f = ids.facility;
  const cams = camerasOf(plan);
  await pg.unsafe(`
    with t as materialized (${minuteTimes(from, to)})
    insert into camera_minutes (camera_id, facility_id, minute, frames, detections)
    select ${sqlId("cam", "c")}, '${f}', m, 600, round(amp * sh0)::int * 600
    from t, ${cams}`);
}

/**
 * Line and occupancy minutes: crossings in opening hours, for a camera in every minute its curve
 * moves and in about half of the others; for zones and the facility in every minute.
 */
async function countedMinutes(pg: Pg, plan: Plan, from: number, to: number) {
  const f = ids.facility;
  const cams = camerasOf(plan);
  await pg.unsafe(`
    with t as materialized (${minuteTimes(from, to)}),
    g as (
      select c, m, o0, o1, case when r >= 2 then r - 1 else 0 end as k
      from (
        select c, m, round(amp * sh0)::int as o0, round(amp * sh1)::int as o1,
          abs(hashint8(n * 100003 + c)) % 4 as r
        from t, ${cams}
        where open) x
      where o0 <> o1 or r >= 2),
    l as (
      insert into line_minutes (line_id, camera_id, facility_id, minute, entries, exits)
      select ${sqlId("line", "c")}, ${sqlId("cam", "c")}, '${f}', m,
        greatest(o1 - o0, 0) + k, greatest(o0 - o1, 0) + k from g)
    insert into occupancy_minutes (entity_kind, entity_id, facility_id, minute, entries, exits,
      occ_start, occ_end, occ_min, occ_max, occ_max_at_ms, integral)
    select 'camera', ${sqlId("cam", "c")}, '${f}', m, greatest(o1 - o0, 0) + k,
      greatest(o0 - o1, 0) + k, o0, o1, least(o0, o1), greatest(o0, o1),
      case when o1 > o0 then 30000 else 0 end, (o0 + o1) * 30.0
    from g`);
  await pg.unsafe(`
    with t as materialized (${minuteTimes(from, to)})
    insert into occupancy_minutes (entity_kind, entity_id, facility_id, minute, entries, exits,
      occ_start, occ_end, occ_min, occ_max, occ_max_at_ms, integral)
    select kind, id, '${f}', m, greatest(o1 - o0, 0) + k, greatest(o0 - o1, 0) + k, o0, o1,
      least(o0, o1), greatest(o0, o1), case when o1 > o0 then 30000 else 0 end, (o0 + o1) * 30.0
    from (
      select e.kind, e.id, m, round(e.amp * sh0)::int as o0, round(e.amp * sh1)::int as o1,
        e.extra * (1 + abs(hashint8(n + length(e.id))) % 3) as k
      from t, bench_history_entities e
      where e.kind in ('zone', 'facility') and open) x`);
}

async function crossings(pg: Pg, from: number, to: number) {
  await pg.unsafe(`
    insert into crossings (facility_id, camera_id, line_id, zone_id, track_id, delta, ts)
    select lm.facility_id, lm.camera_id, lm.line_id, l.zone_id, 't' || i,
      case when i <= lm.entries then 1 else -1 end,
      lm.minute + (i * 60000 / (lm.entries + lm.exits + 1)) * interval '1 millisecond'
    from line_minutes lm
    join lines l on l.id = lm.line_id,
    generate_series(1, lm.entries + lm.exits) i
    where lm.minute >= '${iso(from)}' and lm.minute < '${iso(to)}'`);
}

const ROLLUP_COLUMNS = `entity_kind, entity_id, facility_id, start, "end", entries, exits,
  occ_start, occ_end, occ_min, occ_min_at, occ_max, occ_max_at, integral, covered_integral,
  covered_seconds, minutes_over_capacity, clamps, adjusted, has_data`;

/**
 * Rollup rows of every entity (quarters, or hours: whole local hours in Europe/Berlin) drawn from
 * the curve: covered all day, counted in opening hours.
 */
async function longTerm(pg: Pg, table: string, step: string, from: number, to: number) {
  const seconds = step === "1 hour" ? 3600 : 900;
  const scale = seconds / 900;
  await pg.unsafe(`
    insert into ${table} (${ROLLUP_COLUMNS})
    select kind, id, '${ids.facility}', s, s + interval '${step}',
      case when open then greatest(o1 - o0, 0) + k else 0 end,
      case when open then greatest(o0 - o1, 0) + k else 0 end,
      o0, o1, least(o0, om, o1),
      case when least(o0, om, o1) = o0 then s when least(om, o1) = om
        then s + interval '${step}' / 2 else s + interval '${step}' - interval '1 minute' end,
      greatest(o0, om, o1),
      case when greatest(o0, om, o1) = o0 then s when greatest(om, o1) = om
        then s + interval '${step}' / 2 else s + interval '${step}' - interval '1 second' end,
      (o0 + 2 * om + o1) * ${seconds / 4}.0, (o0 + 2 * om + o1) * ${seconds / 4}.0, ${seconds},
      case when cap is null then null when greatest(o0, om, o1) >= cap then ${seconds / 60} else 0 end,
      0, false, open
    from (
      select e.kind, e.id, e.cap, s, open,
        case when e.kind = 'line' then 0 else round(e.amp * sh0)::int end as o0,
        case when e.kind = 'line' then 0 else round(e.amp * shm)::int end as om,
        case when e.kind = 'line' then 0 else round(e.amp * sh1)::int end as o1,
        e.extra * ${scale} * (4 + abs(hashint8(n + length(e.id))) % 8) as k
      from (
        select s, bench_open(s) as open, bench_shape(s) as sh0,
          bench_shape(s + interval '${step}' / 2) as shm,
          bench_shape(s + interval '${step}') as sh1, extract(epoch from s)::bigint as n
        from generate_series('${iso(from)}'::timestamptz,
          '${iso(to)}'::timestamptz - interval '${step}', interval '${step}') s
        offset 0) t,
        bench_history_entities e) x`);
}

/** A local level summed from the one below (the session's time zone is the facility's). */
async function rollUp(
  pg: Pg,
  table: string,
  below: string,
  unit: string,
  from: number,
  to: number,
) {
  await pg.unsafe(`
    insert into ${table} (${ROLLUP_COLUMNS})
    select entity_kind, entity_id, facility_id, b, b + interval '1 ${unit}', sum(entries),
      sum(exits), (array_agg(occ_start order by start))[1],
      (array_agg(occ_end order by start desc))[1], min(occ_min),
      (array_agg(occ_min_at order by occ_min, start))[1], max(occ_max),
      (array_agg(occ_max_at order by occ_max desc, start))[1], sum(integral),
      sum(covered_integral), sum(covered_seconds), sum(minutes_over_capacity), sum(clamps),
      bool_or(adjusted), bool_or(has_data)
    from (select *, date_trunc('${unit}', start) as b from ${below}
      where start >= '${iso(from)}' and start < '${iso(to)}') x
    group by entity_kind, entity_id, facility_id, b`);
}

export interface Generated {
  seconds: number;
  rows: Record<string, number>;
}

/** Session settings of every generating connection. */
export const GENERATION_SETTINGS = {
  TimeZone: TIME_ZONE,
  synchronous_commit: "off",
  maintenance_work_mem: "512MB",
  work_mem: "256MB",
};

/**
 * Generates everything, four statements at a time on connections from `connect` (each with
 * GENERATION_SETTINGS): the machine is shared, and one statement at a time would leave it idle.
 */
export async function generate(
  connect: () => Pg,
  plan: Plan,
  say: (s: string) => void,
): Promise<Generated> {
  const began = performance.now();
  const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;
  const workers = Array.from({ length: 4 }, connect);
  const pg = workers[0]!;
  try {
    await setupFunctions(pg);
    await clear(pg);
    await restoreIndexes(pg);
    await createShape(pg, plan.cameras);
    await dropIndexes(pg);

    const local = DateTime.fromMillis(plan.endMs, { zone: TIME_ZONE });
    const minuteFrom = local.minus({ days: plan.days }).toMillis();
    const crossingFrom = local.minus({ days: Math.min(plan.crossingDays, plan.days) }).toMillis();
    const longFrom = local.minus({ days: plan.longTermDays }).toMillis();
    const done = (what: string, a: number, b: number) =>
      say(`  ${what.padEnd(16)} ${iso(a).slice(0, 10)} … ${iso(b).slice(0, 10)}  (${elapsed()})`);
    await Promise.all([
      (async () => {
        for (const [a, b] of dayChunks(minuteFrom, plan.endMs, 3)) {
          await cameraMinutes(workers[0]!, plan, a, b);
          done("camera minutes", a, b);
        }
      })(),
      (async () => {
        for (const [a, b] of dayChunks(minuteFrom, plan.endMs, 3)) {
          await countedMinutes(workers[1]!, plan, a, b);
          done("counted minutes", a, b);
        }
        if (crossingFrom < plan.endMs) {
          await crossings(workers[1]!, crossingFrom, plan.endMs);
          done("crossings", crossingFrom, plan.endMs);
        }
      })(),
      (async () => {
        for (const [a, b] of dayChunks(longFrom, plan.endMs, 15)) {
          await longTerm(workers[2]!, "occupancy_quarters", "15 minutes", a, b);
          done("quarters", a, b);
        }
      })(),
      (async () => {
        for (const [a, b] of dayChunks(longFrom, plan.endMs, 30)) {
          await longTerm(workers[3]!, "occupancy_hourly", "1 hour", a, b);
          done("hours", a, b);
        }
        await rollUp(
          workers[3]!,
          "occupancy_daily",
          "occupancy_hourly",
          "day",
          longFrom,
          plan.endMs,
        );
        await rollUp(
          workers[3]!,
          "occupancy_monthly",
          "occupancy_daily",
          "month",
          longFrom,
          plan.endMs,
        );
        done("days, months", longFrom, plan.endMs);
      })(),
    ]);
    await restoreIndexesOn(workers, say);
    say(`  indexes  (${elapsed()})`);
    await Promise.all(
      BULK_TABLES.map((t, i) => workers[i % workers.length]!.unsafe(`vacuum analyze ${t}`)),
    );
    say(`  vacuum analyze  (${elapsed()})`);

    const rows: Record<string, number> = {};
    await Promise.all(
      BULK_TABLES.map(async (t, i) => {
        const [r] = await workers[i % workers.length]!.unsafe<{ n: string }[]>(
          `select count(*) as n from ${t}`,
        );
        rows[t] = Number(r!.n);
      }),
    );
    return { seconds: (performance.now() - began) / 1000, rows };
  } finally {
    await Promise.all(workers.map((w) => w.end()));
  }
}
