import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { alerts, capacityStates, facilities, occupancyLive, zones } from "@/db/schema";
import { iso } from "@/lib/iso";
import { log } from "@/lib/log";
import type { OccupancyChange } from "@/lib/occupancy/changes";
import { lockEntity } from "@/lib/occupancy/ledger";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";
import {
  type CapacityAction,
  capacityLevels,
  decideCapacity,
  initialThreshold,
  type Level,
  type ThresholdState,
} from "./capacity";
import { rulesFor } from "./rule-store";
import { capacityRule, type RuleConfig } from "./rules";
import { escalateAlert, findActive, findLatest, openAlert, resolveAlert } from "./store";

export interface CapacityEntity {
  kind: "facility" | "zone";
  id: string;
  facilityId: string;
}

export const capacityKey = (e: CapacityEntity) => `capacity:${e.kind}:${e.id}`;

/** The entity's name, capacity and rules; the rules only when a capacity is or was tracked. */
async function entityFacts(tx: Executor, entity: CapacityEntity, tracked: boolean) {
  const [facility] = await tx.select().from(facilities).where(eq(facilities.id, entity.facilityId));
  if (!facility) return null;
  let place = { name: facility.name, capacity: facility.capacity, gone: !!facility.deletedAt };
  if (entity.kind === "zone") {
    const [zone] = await tx.select().from(zones).where(eq(zones.id, entity.id));
    if (!zone) return null;
    place = { name: zone.name, capacity: zone.capacity, gone: !!zone.deletedAt || place.gone };
  }
  // Nothing to track and nothing tracked: the common case of a place without a capacity.
  if (!tracked && (place.capacity === null || place.gone)) return null;
  const rules = await rulesFor(tx, facility, entity.kind === "zone" ? entity.id : null);
  return { ...place, rules };
}

const percentOf = (occupancy: number, capacity: number | null) =>
  capacity ? Math.round((occupancy / capacity) * 1000) / 10 : null;

/**
 * Decides and applies the capacity alert of one facility or zone at `occupancy`. Call in a
 * transaction holding the entity's live-row lock (the replay's, or `lockEntity`), so two
 * evaluations of one entity never interleave.
 */
export async function evaluateCapacity(
  tx: Executor,
  entity: CapacityEntity,
  occupancy: number,
  now: number,
): Promise<CapacityAction[]> {
  const [stateRow] = await tx
    .select()
    .from(capacityStates)
    .where(and(eq(capacityStates.entityKind, entity.kind), eq(capacityStates.entityId, entity.id)));
  const about = await entityFacts(tx, entity, stateRow !== undefined);
  if (!about) return [];
  if (!stateRow && !about.rules.capacity.enabled) return [];
  const state: ThresholdState = stateRow
    ? {
        level: stateRow.level,
        warningSince: stateRow.warningSince?.getTime() ?? null,
        criticalSince: stateRow.criticalSince?.getTime() ?? null,
      }
    : initialThreshold;
  const key = capacityKey(entity);
  const active = await findActive(tx, key);
  const latest = active ? null : await findLatest(tx, key);
  const rule = capacityRule(about.rules);
  const decision = decideCapacity({
    rule,
    capacity: about.gone ? null : about.capacity,
    occupancy,
    now,
    state,
    open: active?.severity ?? null,
    lastResolvedAt: latest?.resolvedAt?.getTime() ?? null,
  });

  const at = new Date(now);
  const evidence = (level: Level) => ({
    entity_kind: entity.kind,
    entity_id: entity.id,
    occupancy,
    capacity: about.capacity,
    percent: percentOf(occupancy, about.capacity),
    level,
    levels: about.capacity ? levelsOf(about.rules, about.capacity) : null,
    at: iso(at),
  });
  const place = entity.kind === "zone" ? { zoneId: entity.id } : {};
  const message = (severity: "warning" | "critical") =>
    `${about.name} is at ${percentOf(occupancy, about.capacity)}% of its capacity ` +
    `(${occupancy} of ${about.capacity}): ${severity} level reached`;

  for (const action of decision.actions) {
    switch (action.kind) {
      case "threshold":
        await enqueueWebhookEvent(tx, {
          facilityId: entity.facilityId,
          type: "occupancy.threshold",
          payload: { ...evidence(action.to), from: action.from, to: action.to },
          occurredAt: at,
        });
        break;
      case "open":
        await openAlert(
          tx,
          {
            facilityId: entity.facilityId,
            ...place,
            type: "capacity",
            severity: action.severity,
            conditionKey: key,
            message: message(action.severity),
            evidence: { ...evidence(decision.state.level), peak: occupancy, peak_at: iso(at) },
          },
          at,
        );
        break;
      case "escalate": {
        const before = Number(active?.evidence.peak ?? 0);
        const peak =
          occupancy > before
            ? { peak: occupancy, peak_at: iso(at) }
            : { peak: before, peak_at: active?.evidence.peak_at ?? null };
        await escalateAlert(
          tx,
          active!.id,
          {
            severity: action.to,
            message: message(action.to),
            evidence: { ...evidence(decision.state.level), ...peak },
          },
          at,
        );
        break;
      }
      case "resolve":
        await resolveAlert(
          tx,
          active!.id,
          "system",
          about.capacity === null || about.gone || !rule.enabled
            ? "Capacity alerts no longer apply here"
            : `Occupancy fell below the clear level (${occupancy} of ${about.capacity})`,
          at,
          { ...active!.evidence, resolved_occupancy: occupancy },
        );
        break;
    }
  }

  // A new peak while the alert stays as it is: kept in its evidence, without a notification.
  const acted = decision.actions.some((a) => a.kind === "escalate" || a.kind === "resolve");
  if (active && !acted && occupancy > Number(active.evidence.peak ?? 0)) {
    await tx
      .update(alerts)
      .set({ evidence: { ...active.evidence, peak: occupancy, peak_at: iso(at) }, updatedAt: at })
      .where(eq(alerts.id, active.id));
  }

  const values = {
    level: decision.state.level,
    warningSince:
      decision.state.warningSince === null ? null : new Date(decision.state.warningSince),
    criticalSince:
      decision.state.criticalSince === null ? null : new Date(decision.state.criticalSince),
    recheckAt: decision.recheckAt === null ? null : new Date(decision.recheckAt),
    occupancy,
    updatedAt: at,
  };
  // A sweep that finds nothing new writes nothing.
  const ms = (d: Date | null | undefined) => d?.getTime() ?? null;
  if (
    stateRow &&
    stateRow.level === values.level &&
    ms(stateRow.warningSince) === ms(values.warningSince) &&
    ms(stateRow.criticalSince) === ms(values.criticalSince) &&
    ms(stateRow.recheckAt) === ms(values.recheckAt) &&
    stateRow.occupancy === occupancy
  ) {
    return decision.actions;
  }
  await tx
    .insert(capacityStates)
    .values({
      entityKind: entity.kind,
      entityId: entity.id,
      facilityId: entity.facilityId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [capacityStates.entityKind, capacityStates.entityId],
      set: values,
    });
  return decision.actions;
}

function levelsOf(rules: RuleConfig, capacity: number) {
  const l = capacityLevels(capacityRule(rules), capacity);
  return {
    warning_at: l.warning,
    warning_clears_below: l.warningClear,
    critical_at: l.critical,
    critical_clears_below: l.criticalClear,
  };
}

/**
 * The occupancy-change listener: runs inside each replay's transaction, in a savepoint, so an
 * alert that cannot be written never undoes the occupancy it is about.
 */
export async function onCapacityChange(tx: Executor, change: OccupancyChange): Promise<void> {
  const { entity } = change;
  const kind = entity.kind;
  if (kind === "camera") return;
  try {
    await tx.transaction(async (sp) => {
      await evaluateCapacity(
        sp,
        { kind, id: entity.id, facilityId: entity.facilityId },
        change.occupancy,
        change.at,
      );
    });
  } catch (error) {
    log.error({ err: error, entity }, "capacity alert evaluation failed; the job retries");
  }
}

/**
 * The job's side: facilities and zones whose alert may need a decision without an occupancy
 * change — a minimum duration or cooldown ran out (`recheck_at`), or (with `all`) a rule or a
 * capacity changed — each in a small transaction of its own under the entity's lock.
 */
export async function sweepCapacity(
  db: Db,
  opts: { all: boolean },
  now = Date.now(),
): Promise<number> {
  const at = new Date(now).toISOString();
  // Nobody there and no level held: nothing can be due (every level is above zero).
  const everything = sql`
      select 'facility' as kind, f.id, f.id as facility_id from ${facilities} f
        join ${occupancyLive} l on l.entity_kind = 'facility' and l.entity_id = f.id
        where f.deleted_at is null and f.capacity is not null and l.occupancy > 0
      union all
      select 'zone', z.id, z.facility_id from ${zones} z
        join ${occupancyLive} l on l.entity_kind = 'zone' and l.entity_id = z.id
        where z.deleted_at is null and z.capacity is not null and l.occupancy > 0
      union all
      select s.entity_kind, s.entity_id, s.facility_id from ${capacityStates} s
        where s.level <> 'none'`;
  const due = sql`
      select s.entity_kind as kind, s.entity_id as id, s.facility_id from ${capacityStates} s
        where s.recheck_at <= ${at}::timestamptz`;
  const candidates = rowsOf<{ kind: "facility" | "zone"; id: string; facility_id: string }>(
    await db.execute(opts.all ? sql`${everything} union all ${due}` : due),
  );
  const seen = new Set<string>();
  let acted = 0;
  for (const c of candidates) {
    const k = `${c.kind}:${c.id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const entity: CapacityEntity = { kind: c.kind, id: c.id, facilityId: c.facility_id };
    const actions = await db.transaction(async (tx) => {
      const live = await lockEntity(tx, entity);
      return evaluateCapacity(tx, entity, live.occupancy, now);
    });
    if (actions.length) acted++;
  }
  return acted;
}
