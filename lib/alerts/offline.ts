import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertRules, alerts, cameraStates, cameras, facilities } from "@/db/schema";
import { iso } from "@/lib/iso";
import { isWorkingAt, workingMsBetween } from "@/lib/working-hours/schedule";
import { allSchedules } from "@/lib/working-hours/working-hours";
import { effectiveRules, type RuleConfig, type RuleOverrides } from "./rules";
import { activeStatuses, openAlert, resolveAlert } from "./store";

export const offlineKey = (cameraId: string) => `camera_offline:${cameraId}`;

/** Silence is measured back at most this far (a camera dead for weeks is simply "offline"). */
const LOOKBACK_MS = 14 * 86_400_000;

/**
 * Opens a camera_offline alert for each enabled camera that has reported before and has been
 * silent for the rule's minutes of its facility's working hours, now being within them; resolves
 * it once the camera reports again (or is disabled, deleted, or the rule turned off).
 */
export async function checkCameraOffline(db: Db, now = Date.now()): Promise<number> {
  const rows = await db
    .select({
      cameraId: cameras.id,
      name: cameras.name,
      enabled: cameras.enabled,
      deletedAt: cameras.deletedAt,
      facilityId: facilities.id,
      timezone: facilities.timezone,
      warningThreshold: facilities.warningThreshold,
      lastSeenAt: cameraStates.lastSeenAt,
    })
    .from(cameras)
    .innerJoin(cameraStates, eq(cameraStates.cameraId, cameras.id))
    .innerJoin(facilities, eq(facilities.id, cameras.facilityId))
    .where(and(isNotNull(cameraStates.lastSeenAt), isNull(facilities.deletedAt)));
  const active = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.type, "camera_offline"), inArray(alerts.status, [...activeStatuses])));
  const activeByCamera = new Map(active.map((a) => [a.cameraId, a]));
  const schedules = await allSchedules(db);
  const stored = new Map(
    (await db.select().from(alertRules).where(eq(alertRules.scopeKind, "facility"))).map((r) => [
      r.scopeId,
      r.config as RuleOverrides,
    ]),
  );
  const rules = new Map<string, RuleConfig>();
  const at = new Date(now);
  let changed = 0;

  for (const c of rows) {
    let r = rules.get(c.facilityId);
    if (!r) {
      r = effectiveRules(c.warningThreshold, stored.get(c.facilityId) ?? null);
      rules.set(c.facilityId, r);
    }
    const lastSeen = c.lastSeenAt!.getTime();
    const alert = activeByCamera.get(c.cameraId);
    activeByCamera.delete(c.cameraId);
    if (alert) {
      const silentSince = Date.parse(String(alert.evidence.last_seen_at));
      const back = lastSeen > silentSince;
      if (back || !c.enabled || c.deletedAt || !r.camera_offline.enabled) {
        const note = back
          ? `Reporting again since ${iso(c.lastSeenAt!)}`
          : "The camera or its rule was turned off";
        await db.transaction((tx) =>
          resolveAlert(tx, alert.id, "system", note, at, {
            ...alert.evidence,
            reported_again_at: back ? iso(c.lastSeenAt!) : null,
          }),
        );
        changed++;
      }
      continue;
    }
    if (!c.enabled || c.deletedAt || !r.camera_offline.enabled) continue;
    const schedule = schedules.get(c.facilityId) ?? null;
    if (!isWorkingAt(schedule, c.timezone, now)) continue;
    const from = Math.max(lastSeen, now - LOOKBACK_MS);
    const silentWorkingMs = workingMsBetween(schedule, c.timezone, from, now);
    const thresholdMs = r.camera_offline.minutes * 60_000;
    if (silentWorkingMs < thresholdMs) continue;
    const minutes = (ms: number) => Math.round(ms / 6_000) / 10;
    const opened = await db.transaction((tx) =>
      openAlert(
        tx,
        {
          facilityId: c.facilityId,
          cameraId: c.cameraId,
          type: "camera_offline",
          severity: "warning",
          conditionKey: offlineKey(c.cameraId),
          message: `Camera ${c.name} has sent no frames for ${minutes(now - lastSeen)} minutes during working hours`,
          evidence: {
            last_seen_at: iso(c.lastSeenAt!),
            silent_minutes: minutes(now - lastSeen),
            silent_working_minutes: minutes(silentWorkingMs),
            threshold_minutes: r.camera_offline.minutes,
            working_hours: schedule ? "scheduled" : "always",
          },
        },
        at,
      ),
    );
    if (opened) changed++;
  }

  // Active alerts of cameras no longer listed (never reported, facility deleted): resolve.
  for (const alert of activeByCamera.values()) {
    await db.transaction((tx) => resolveAlert(tx, alert.id, "system", "The camera is gone", at));
    changed++;
  }
  return changed;
}
