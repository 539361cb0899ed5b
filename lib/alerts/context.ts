import { isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertRules, type Facility, facilities, type Zone, zones } from "@/db/schema";
import type { Schedule } from "@/lib/working-hours/schedule";
import { allSchedules } from "@/lib/working-hours/working-hours";
import { effectiveRules, type RuleConfig, type RuleOverrides } from "./rules";

export interface Place {
  kind: "facility" | "zone";
  id: string;
  name: string;
  facility: Facility;
  zoneId: string | null;
  capacity: number | null;
  rules: RuleConfig;
  schedule: Schedule | null;
}

/** Every live facility and zone with the rules in force and its facility's working hours. */
export async function allPlaces(db: Db): Promise<Place[]> {
  const [fs, zs, stored, schedules] = await Promise.all([
    db.select().from(facilities).where(isNull(facilities.deletedAt)),
    db.select().from(zones).where(isNull(zones.deletedAt)),
    db.select().from(alertRules),
    allSchedules(db),
  ]);
  const own = new Map(
    stored.map((r) => [`${r.scopeKind}:${r.scopeId}`, r.config as RuleOverrides]),
  );
  const byId = new Map(fs.map((f) => [f.id, f]));
  const places: Place[] = fs.map((f) => ({
    kind: "facility",
    id: f.id,
    name: f.name,
    facility: f,
    zoneId: null,
    capacity: f.capacity,
    rules: effectiveRules(f.warningThreshold, own.get(`facility:${f.id}`) ?? null),
    schedule: schedules.get(f.id) ?? null,
  }));
  for (const z of zs as Zone[]) {
    const f = byId.get(z.facilityId);
    if (!f) continue;
    places.push({
      kind: "zone",
      id: z.id,
      name: z.name,
      facility: f,
      zoneId: z.id,
      capacity: z.capacity,
      rules: effectiveRules(
        f.warningThreshold,
        own.get(`facility:${f.id}`) ?? null,
        own.get(`zone:${z.id}`) ?? null,
      ),
      schedule: schedules.get(f.id) ?? null,
    });
  }
  return places;
}
