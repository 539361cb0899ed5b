import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { MinuteBucket } from "@/lib/timeseries/occupancy-replay";

export interface BatchWrite {
  cameraId: string;
  facilityId: string;
  expectedVersion: number;
  engine: unknown;
  watermarkMs: number | null;
  lastSequence: number | null;
  seenAt: Date;
  clockSkewMs: number;
  accepted: number;
  duplicates: number;
  crossings: {
    line_id: string;
    zone_id: string | null;
    track_id: string;
    delta: number;
    ts: string;
  }[];
  coverage: { minute: string; frames: number; detections: number }[];
  lineMinutes: { line_id: string; minute: string; entries: number; exits: number }[];
  /** The camera's occupancy buckets the replay rewrote; empty when the batch had no crossings. */
  buckets: MinuteBucket[];
  occupancy: number;
  pending: { entity_kind: "zone" | "facility"; entity_id: string; from_ts: string }[];
}

/**
 * Writes a whole batch in one statement, guarded by a compare-and-swap on the camera's version:
 * when another instance (or an edit) got there first, nothing is written and this answers false.
 * Multi-row parts travel as JSON so the statement text never changes and stays prepared.
 */
export async function writeBatch(db: Executor, w: BatchWrite): Promise<boolean> {
  const buckets = w.buckets.map((b) => ({
    minute: new Date(b.minute).toISOString(),
    entries: b.entries,
    exits: b.exits,
    occ_start: b.occStart,
    occ_end: b.occEnd,
    occ_min: b.occMin,
    occ_max: b.occMax,
    occ_max_at_ms: b.occMaxAtMs,
    integral: b.integral,
    clamps: b.clamps,
    adjusted: b.adjusted,
  }));
  // The earliest minute whose buckets this batch touches: rollups are behind from there.
  const touched = [
    ...w.coverage.map((c) => Date.parse(c.minute)),
    ...w.lineMinutes.map((l) => Date.parse(l.minute)),
    ...w.buckets.map((b) => b.minute),
  ];
  const rollupFrom = touched.length > 0 ? new Date(Math.min(...touched)).toISOString() : null;
  const result = await db.execute(sql`
    with s as (
      update camera_states set
        engine = ${JSON.stringify(w.engine)}::jsonb,
        watermark_ms = ${w.watermarkMs},
        last_sequence = ${w.lastSequence},
        last_seen_at = ${w.seenAt.toISOString()}::timestamptz,
        clock_skew_ms = ${w.clockSkewMs},
        frames_accepted = frames_accepted + ${w.accepted},
        frames_duplicate = frames_duplicate + ${w.duplicates},
        version = version + 1
      where camera_id = ${w.cameraId} and version = ${w.expectedVersion}
      returning camera_id
    ), x as (
      insert into crossings (facility_id, camera_id, line_id, zone_id, track_id, delta, ts)
      select ${w.facilityId}, ${w.cameraId}, r.line_id, r.zone_id, r.track_id, r.delta, r.ts
      from jsonb_to_recordset(${JSON.stringify(w.crossings)}::jsonb)
        as r(line_id text, zone_id text, track_id text, delta smallint, ts timestamptz)
      where exists (select 1 from s)
    ), cm as (
      insert into camera_minutes (camera_id, facility_id, minute, frames, detections)
      select ${w.cameraId}, ${w.facilityId}, r.minute, r.frames, r.detections
      from jsonb_to_recordset(${JSON.stringify(w.coverage)}::jsonb)
        as r(minute timestamptz, frames integer, detections integer)
      where exists (select 1 from s)
      on conflict (camera_id, minute) do update set
        frames = camera_minutes.frames + excluded.frames,
        detections = camera_minutes.detections + excluded.detections
    ), lm as (
      insert into line_minutes (line_id, camera_id, facility_id, minute, entries, exits)
      select r.line_id, ${w.cameraId}, ${w.facilityId}, r.minute, r.entries, r.exits
      from jsonb_to_recordset(${JSON.stringify(w.lineMinutes)}::jsonb)
        as r(line_id text, minute timestamptz, entries integer, exits integer)
      where exists (select 1 from s)
      on conflict (line_id, minute) do update set
        entries = line_minutes.entries + excluded.entries,
        exits = line_minutes.exits + excluded.exits
    ), om as (
      insert into occupancy_minutes (entity_kind, entity_id, facility_id, minute, entries, exits,
        occ_start, occ_end, occ_min, occ_max, occ_max_at_ms, integral, clamps, adjusted)
      select 'camera', ${w.cameraId}, ${w.facilityId}, r.minute, r.entries, r.exits, r.occ_start,
        r.occ_end, r.occ_min, r.occ_max, r.occ_max_at_ms, r.integral, r.clamps, r.adjusted
      from jsonb_to_recordset(${JSON.stringify(buckets)}::jsonb)
        as r(minute timestamptz, entries integer, exits integer, occ_start integer, occ_end integer,
          occ_min integer, occ_max integer, occ_max_at_ms integer, integral float8, clamps integer,
          adjusted boolean)
      where exists (select 1 from s)
      on conflict (entity_kind, entity_id, minute) do update set
        entries = excluded.entries, exits = excluded.exits, occ_start = excluded.occ_start,
        occ_end = excluded.occ_end, occ_min = excluded.occ_min, occ_max = excluded.occ_max,
        occ_max_at_ms = excluded.occ_max_at_ms, integral = excluded.integral,
        clamps = excluded.clamps, adjusted = excluded.adjusted
    ), ol as (
      insert into occupancy_live (entity_kind, entity_id, facility_id, occupancy, updated_at)
      select 'camera', ${w.cameraId}, ${w.facilityId}, ${w.occupancy}, now()
      where exists (select 1 from s) and ${w.buckets.length > 0}
      on conflict (entity_kind, entity_id) do update set
        occupancy = excluded.occupancy,
        updated_at = excluded.updated_at
    ), p as (
      insert into occupancy_pending (entity_kind, entity_id, camera_id, facility_id, from_ts)
      select r.entity_kind, r.entity_id, ${w.cameraId}, ${w.facilityId}, r.from_ts
      from jsonb_to_recordset(${JSON.stringify(w.pending)}::jsonb)
        as r(entity_kind text, entity_id text, from_ts timestamptz)
      where exists (select 1 from s)
      on conflict (entity_kind, entity_id, camera_id) do update set
        from_ts = least(occupancy_pending.from_ts, excluded.from_ts)
      where excluded.from_ts < occupancy_pending.from_ts
    ), rp as (
      insert into rollup_pending (entity_kind, entity_id, facility_id, from_ts)
      select 'camera', ${w.cameraId}, ${w.facilityId}, ${rollupFrom}::timestamptz
      where exists (select 1 from s) and ${rollupFrom}::timestamptz is not null
      on conflict (entity_kind, entity_id) do update set
        from_ts = least(rollup_pending.from_ts, excluded.from_ts)
      -- A camera streaming in time order finds its mark already earlier: no new row version.
      where rollup_pending.from_ts is null or excluded.from_ts < rollup_pending.from_ts
    )
    select count(*)::int as written from s`);
  return Number(rowsOf<{ written: number }>(result)[0]?.written ?? 0) === 1;
}
