import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { EntityKind } from "@/db/schema";

export interface MarkedEntity {
  kind: EntityKind;
  id: string;
  facilityId: string;
}

/**
 * Leaves (or moves earlier) an entity's rollup mark. `from`: its minutes changed from this instant
 * on; `localFrom`: only its local hours, days and months must be rebuilt from here (time zone).
 */
export async function markRollup(
  tx: Executor,
  entity: MarkedEntity,
  at: { from?: number; localFrom?: number },
): Promise<void> {
  const from = at.from === undefined ? null : new Date(at.from).toISOString();
  const localFrom = at.localFrom === undefined ? null : new Date(at.localFrom).toISOString();
  await tx.execute(sql`
    insert into rollup_pending (entity_kind, entity_id, facility_id, from_ts, local_from)
    values (${entity.kind}, ${entity.id}, ${entity.facilityId}, ${from}::timestamptz,
      ${localFrom}::timestamptz)
    on conflict (entity_kind, entity_id) do update set
      from_ts = least(rollup_pending.from_ts, excluded.from_ts),
      local_from = least(rollup_pending.local_from, excluded.local_from)
    -- Only when the mark moves earlier: an unchanged mark is not written again.
    where excluded.from_ts < coalesce(rollup_pending.from_ts, 'infinity')
      or excluded.local_from < coalesce(rollup_pending.local_from, 'infinity')`);
}

export interface Mark extends MarkedEntity {
  from: number | null;
  localFrom: number | null;
}

type MarkRow = {
  entity_kind: EntityKind;
  entity_id: string;
  facility_id: string;
  from_ts: string | Date | null;
  local_from: string | Date | null;
};

const msOf = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());

const toMark = (r: MarkRow): Mark => ({
  kind: r.entity_kind,
  id: r.entity_id,
  facilityId: r.facility_id,
  from: msOf(r.from_ts),
  localFrom: msOf(r.local_from),
});

/** The marks of a facility's entities, without taking them. */
export async function facilityMarks(tx: Executor, facilityId: string): Promise<Mark[]> {
  const result = await tx.execute(sql`
    select entity_kind, entity_id, facility_id, from_ts, local_from from rollup_pending
    where facility_id = ${facilityId}`);
  return rowsOf<MarkRow>(result).map(toMark);
}

/**
 * Takes an entity's mark. The row stays locked until the caller's transaction ends, so an ingest
 * marking it meanwhile waits and then leaves a fresh mark: none is ever lost.
 */
export async function takeMark(tx: Executor, entity: MarkedEntity): Promise<Mark | null> {
  const result = await tx.execute(sql`
    delete from rollup_pending where entity_kind = ${entity.kind} and entity_id = ${entity.id}
    returning entity_kind, entity_id, facility_id, from_ts, local_from`);
  const [row] = rowsOf<MarkRow>(result);
  return row ? toMark(row) : null;
}

/** Takes the marks of several entities of one kind at once (locked until the transaction ends). */
export async function takeMarks(tx: Executor, kind: EntityKind, ids: string[]): Promise<Mark[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute(sql`
    delete from rollup_pending
    where entity_kind = ${kind} and entity_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
    returning entity_kind, entity_id, facility_id, from_ts, local_from`);
  return rowsOf<MarkRow>(result).map(toMark);
}

/** The earliest instant from which any of a facility's rollups are behind, or null. */
export function earliestMark(marks: readonly Mark[]): number | null {
  let earliest: number | null = null;
  for (const m of marks) {
    for (const t of [m.from, m.localFrom]) {
      if (t !== null && (earliest === null || t < earliest)) earliest = t;
    }
  }
  return earliest;
}
