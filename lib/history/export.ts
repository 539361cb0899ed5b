import { and, asc, eq, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import { cameras, lines, zones } from "@/db/schema";
import type { HistoryEntity } from "@/lib/api/endpoints/history";
import { validationFailed } from "@/lib/api/errors";
import type { HistoryExportQueryInput } from "@/lib/api/schemas/history";
import type { Principal } from "@/lib/auth/principal";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { type Bucket, bucketBoundaries } from "@/lib/timeseries/local-buckets";
import { csvHeader, csvResponse, csvRow, csvStream } from "./csv";
import { bucketDtos, seriesOf, targetOf } from "./history";
import { requireRange } from "./range";

interface Exported {
  kind: HistoryEntity;
  id: string;
  name: string;
  capacity: number | null;
  cameraId: string | null;
}

async function entitiesOf(
  db: Db,
  facility: { id: string; name: string; capacity: number | null },
  only: HistoryEntity | undefined,
): Promise<Exported[]> {
  const want = (kind: HistoryEntity) => only === undefined || only === kind;
  const out: Exported[] = [];
  if (want("facility")) {
    out.push({
      kind: "facility",
      id: facility.id,
      name: facility.name,
      capacity: facility.capacity,
      cameraId: null,
    });
  }
  if (want("zone")) {
    const rows = await db
      .select({ id: zones.id, name: zones.name, capacity: zones.capacity })
      .from(zones)
      .where(and(eq(zones.facilityId, facility.id), isNull(zones.deletedAt)))
      .orderBy(asc(zones.name), asc(zones.id));
    out.push(...rows.map((z) => ({ kind: "zone" as const, ...z, cameraId: null })));
  }
  if (want("camera")) {
    const rows = await db
      .select({ id: cameras.id, name: cameras.name })
      .from(cameras)
      .where(and(eq(cameras.facilityId, facility.id), isNull(cameras.deletedAt)))
      .orderBy(asc(cameras.name), asc(cameras.id));
    out.push(
      ...rows.map((c) => ({ kind: "camera" as const, ...c, capacity: null, cameraId: c.id })),
    );
  }
  if (want("line")) {
    const rows = await db
      .select({ id: lines.id, name: lines.name, cameraId: lines.cameraId })
      .from(lines)
      .where(and(eq(lines.facilityId, facility.id), isNull(lines.deletedAt)))
      .orderBy(asc(lines.name), asc(lines.id));
    out.push(...rows.map((l) => ({ kind: "line" as const, ...l, capacity: null })));
  }
  return out;
}

const YEAR_DAYS = 366;
/** Buckets per read: a month of hours, about two years of days. */
const CHUNK = 744;

/**
 * `GET /facilities/{id}/export`: every entity's history as one CSV, streamed entity by entity and
 * a month of buckets at a time, so a year of hours for hundreds of cameras never sits in memory.
 */
export async function exportFacilityHistory(
  db: Db,
  facilityId: string,
  query: HistoryExportQueryInput,
  actor: Principal,
  now = Date.now(),
): Promise<Response> {
  const facility = await getActiveFacility(db, facilityId, actor);
  const unit = query.unit ?? "hour";
  const zone = query.tz ?? facility.timezone;
  const local = DateTime.fromMillis(now, { zone });
  const range = requireRange({
    from: query.from ?? local.startOf("day").toISO()!,
    to: query.to ?? (query.from ? undefined : local.startOf("day").plus({ days: 1 }).toISO()!),
    // Exports may be longer than a report: hours for up to a year.
    unit: unit === "hour" ? "day" : unit,
    timeZone: zone,
    nowMs: now,
  });
  if (
    unit === "hour" &&
    range.toMs > DateTime.fromMillis(range.fromMs, { zone }).plus({ days: YEAR_DAYS }).toMillis()
  ) {
    const message = `The range is too large for an hourly export (at most ${YEAR_DAYS} days). Shorten it, or use unit=day.`;
    throw validationFailed([{ path: "query.range", code: "invalid_range", message }], message);
  }
  await materialiseFacility(db, facility.id);
  const entities = await entitiesOf(db, facility, query.entity_kind);
  const buckets = bucketBoundaries(range.fromMs, range.toMs, unit, zone);

  async function* rows(): AsyncGenerator<string> {
    yield csvHeader(["entity_kind", "entity_id", "entity_name"]);
    for (const e of entities) {
      const target = targetOf(e.kind, e.id, facility, e.capacity, e.cameraId);
      for (let i = 0; i < buckets.length; i += CHUNK) {
        const chunk: Bucket[] = buckets.slice(i, i + CHUNK);
        const series = await seriesOf(db, target, unit, chunk, zone, now);
        for (const dto of bucketDtos(series, chunk, unit, zone, target)) {
          yield csvRow(dto, [e.kind, e.id, e.name]);
        }
      }
    }
  }
  return csvResponse(csvStream(rows()), `facility-${facility.id}-${unit}.csv`);
}
