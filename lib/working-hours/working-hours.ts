import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { workingHours } from "@/db/schema";
import type { UpdateWorkingHoursInput, WorkingHoursDto } from "@/lib/api/schemas/working-hours";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { isoOrNull } from "@/lib/iso";
import { isWorkingAt, normaliseDay, type Schedule, WEEKDAYS, type Weekday } from "./schedule";

/** A facility's schedule; null when none is set (always working). */
export async function getSchedule(db: Executor, facilityId: string): Promise<Schedule | null> {
  const [row] = await db.select().from(workingHours).where(eq(workingHours.facilityId, facilityId));
  if (!row) return null;
  return { weekly: weeklyOf(row.weekly), closedDates: row.closedDates };
}

/** Every facility's schedule that has one. */
export async function allSchedules(db: Executor): Promise<Map<string, Schedule>> {
  const rows = await db.select().from(workingHours);
  return new Map(
    rows.map((r) => [r.facilityId, { weekly: weeklyOf(r.weekly), closedDates: r.closedDates }]),
  );
}

function weeklyOf(stored: Record<string, { start: string; end: string }[]>) {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, stored[d] ?? []])) as Schedule["weekly"];
}

const allDay = Object.fromEntries(
  WEEKDAYS.map((d) => [d, [{ start: "00:00", end: "24:00" }]]),
) as Schedule["weekly"];

export async function getWorkingHours(
  db: Db,
  facilityId: string,
  actor: Principal,
  now = Date.now(),
): Promise<WorkingHoursDto> {
  const facility = await getActiveFacility(db, facilityId, actor);
  const [row] = await db.select().from(workingHours).where(eq(workingHours.facilityId, facilityId));
  const schedule = row ? { weekly: weeklyOf(row.weekly), closedDates: row.closedDates } : null;
  return {
    facility_id: facility.id,
    timezone: facility.timezone,
    always_open: schedule === null,
    weekly: schedule?.weekly ?? allDay,
    closed_dates: schedule?.closedDates ?? [],
    open_now: isWorkingAt(schedule, facility.timezone, now),
    updated_at: isoOrNull(row?.updatedAt),
  };
}

export async function putWorkingHours(
  db: Db,
  facilityId: string,
  input: UpdateWorkingHoursInput,
  actor: Principal,
): Promise<WorkingHoursDto> {
  await getActiveFacility(db, facilityId, actor);
  const weekly = Object.fromEntries(
    WEEKDAYS.map((d: Weekday) => [d, normaliseDay(input.weekly[d] ?? [])]),
  );
  const closedDates = [...new Set(input.closed_dates)].sort();
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .insert(workingHours)
      .values({ facilityId, weekly, closedDates, updatedAt: now, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: workingHours.facilityId,
        set: { weekly, closedDates, updatedAt: now, updatedBy: actor.id },
      });
    await recordAudit(tx, actor, {
      action: "working_hours.update",
      entityKind: "facility",
      entityId: facilityId,
      facilityId,
      details: { weekly, closed_dates: closedDates },
    });
  });
  return getWorkingHours(db, facilityId, actor);
}
