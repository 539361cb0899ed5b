import { and, eq, inArray, or } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { alertRules } from "@/db/schema";
import { validationFailed } from "@/lib/api/errors";
import type { AlertRulesDto, UpdateAlertRulesInput } from "@/lib/api/schemas/alert";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { isoOrNull } from "@/lib/iso";
import { getActiveZone } from "@/lib/zones/zones";
import {
  effectiveRules,
  mergeOverrides,
  type RuleConfig,
  type RuleOverrides,
  ruleProblems,
} from "./rules";

type Scope = "facility" | "zone";

/** The overrides stored for a facility and (optionally) some of its zones, by `kind:id`. */
export async function storedRules(
  db: Executor,
  facilityId: string,
  zoneIds: string[] = [],
): Promise<Map<string, { config: RuleOverrides; updatedAt: Date }>> {
  const rows = await db
    .select()
    .from(alertRules)
    .where(
      or(
        and(eq(alertRules.scopeKind, "facility"), eq(alertRules.scopeId, facilityId)),
        zoneIds.length
          ? and(eq(alertRules.scopeKind, "zone"), inArray(alertRules.scopeId, zoneIds))
          : undefined,
      ),
    );
  return new Map(
    rows.map((r) => [
      `${r.scopeKind}:${r.scopeId}`,
      { config: r.config as RuleOverrides, updatedAt: r.updatedAt },
    ]),
  );
}

/** The rules in force for a facility, or for one of its zones. */
export async function rulesFor(
  db: Executor,
  facility: { id: string; warningThreshold: number },
  zoneId: string | null = null,
): Promise<RuleConfig> {
  const stored = await storedRules(db, facility.id, zoneId ? [zoneId] : []);
  return effectiveRules(
    facility.warningThreshold,
    stored.get(`facility:${facility.id}`)?.config ?? null,
    zoneId ? (stored.get(`zone:${zoneId}`)?.config ?? null) : null,
  );
}

const zoneSections = ["capacity", "unusual_occupancy", "drift"] as const;

async function target(db: Executor, scope: Scope, id: string, actor: Principal) {
  if (scope === "facility") {
    const facility = await getActiveFacility(db, id, actor);
    return { facility, zoneId: null };
  }
  const zone = await getActiveZone(db, id, actor);
  const facility = await getActiveFacility(db, zone.facilityId);
  return { facility, zoneId: zone.id };
}

function toDto(
  scope: Scope,
  facilityId: string,
  zoneId: string | null,
  rules: RuleConfig,
  own: { config: RuleOverrides; updatedAt: Date } | undefined,
): AlertRulesDto {
  const shown =
    scope === "facility" ? rules : Object.fromEntries(zoneSections.map((s) => [s, rules[s]]));
  return {
    scope,
    facility_id: facilityId,
    zone_id: zoneId,
    rules: shown,
    overrides: (own?.config ?? {}) as Record<string, Record<string, unknown>>,
    updated_at: isoOrNull(own?.updatedAt),
  };
}

export async function getAlertRules(
  db: Db,
  scope: Scope,
  id: string,
  actor: Principal,
): Promise<AlertRulesDto> {
  const { facility, zoneId } = await target(db, scope, id, actor);
  const stored = await storedRules(db, facility.id, zoneId ? [zoneId] : []);
  const rules = effectiveRules(
    facility.warningThreshold,
    stored.get(`facility:${facility.id}`)?.config ?? null,
    zoneId ? (stored.get(`zone:${zoneId}`)?.config ?? null) : null,
  );
  return toDto(scope, facility.id, zoneId, rules, stored.get(`${scope}:${id}`));
}

/** Changes the fields given; the rest stay as they were. Answers the rules now in force. */
export async function putAlertRules(
  db: Db,
  scope: Scope,
  id: string,
  input: UpdateAlertRulesInput,
  actor: Principal,
): Promise<AlertRulesDto> {
  const { facility, zoneId } = await target(db, scope, id, actor);
  await db.transaction(async (tx) => {
    const stored = await storedRules(tx, facility.id, zoneId ? [zoneId] : []);
    const own = mergeOverrides(stored.get(`${scope}:${id}`)?.config ?? null, input);
    const facilityOwn =
      scope === "facility" ? own : (stored.get(`facility:${facility.id}`)?.config ?? null);
    const rules = effectiveRules(
      facility.warningThreshold,
      facilityOwn,
      scope === "zone" ? own : null,
    );
    const problems = ruleProblems(rules);
    if (problems.length) {
      throw validationFailed(
        problems.map(([path, message]) => ({ path, code: "invalid_rule", message })),
      );
    }
    const now = new Date();
    const config = own as Record<string, Record<string, unknown>>;
    await tx
      .insert(alertRules)
      .values({
        scopeKind: scope,
        scopeId: id,
        facilityId: facility.id,
        config,
        updatedBy: actor.id,
      })
      .onConflictDoUpdate({
        target: [alertRules.scopeKind, alertRules.scopeId],
        set: { config, updatedAt: now, updatedBy: actor.id },
      });
    await recordAudit(tx, actor, {
      action: "alert_rules.update",
      entityKind: scope,
      entityId: id,
      facilityId: facility.id,
      details: { ...input },
    });
  });
  return getAlertRules(db, scope, id, actor);
}
