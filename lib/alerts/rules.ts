import type { CapacityRule } from "./capacity";

/**
 * Alert rules as stored and served (snake_case, like the API). A facility's rules apply to the
 * facility and, unless a zone overrides them, to its zones; what neither sets takes the defaults.
 */
export interface RuleConfig {
  capacity: {
    enabled: boolean;
    warning_percent: number;
    critical_percent: number;
    clear_gap_percent: number;
    min_duration_seconds: number;
    cooldown_seconds: number;
  };
  camera_offline: { enabled: boolean; minutes: number };
  unusual_occupancy: { enabled: boolean; sensitivity: number; min_deviation: number };
  drift: { enabled: boolean; tolerance: number };
  ingest_drop: { enabled: boolean; drop_percent: number };
}

export type RuleSection = keyof RuleConfig;
/** What a facility or zone sets: any field of any section. */
export type RuleOverrides = { [S in RuleSection]?: Partial<RuleConfig[S]> };

export const defaultRules: RuleConfig = {
  capacity: {
    enabled: true,
    warning_percent: 80,
    critical_percent: 100,
    clear_gap_percent: 10,
    min_duration_seconds: 0,
    cooldown_seconds: 600,
  },
  camera_offline: { enabled: true, minutes: 10 },
  unusual_occupancy: { enabled: true, sensitivity: 4, min_deviation: 5 },
  drift: { enabled: true, tolerance: 2 },
  ingest_drop: { enabled: true, drop_percent: 80 },
};

const sections = Object.keys(defaultRules) as RuleSection[];

/** Later layers win, field by field. */
export function mergeRules(base: RuleConfig, ...layers: (RuleOverrides | null | undefined)[]) {
  const out = structuredClone(base);
  for (const layer of layers) {
    if (!layer) continue;
    for (const section of sections) {
      const fields = layer[section];
      if (!fields) continue;
      for (const [k, v] of Object.entries(fields)) {
        if (v !== undefined) (out[section] as Record<string, unknown>)[k] = v;
      }
    }
  }
  return out;
}

/** Defaults, then the facility's own busy threshold, the facility's rules and the zone's. */
export function effectiveRules(
  facilityWarningThreshold: number,
  facilityRules: RuleOverrides | null,
  zoneRules: RuleOverrides | null = null,
): RuleConfig {
  const warning = Math.round(facilityWarningThreshold * 1000) / 10;
  return mergeRules(
    defaultRules,
    { capacity: { warning_percent: warning } },
    facilityRules,
    zoneRules,
  );
}

export function mergeOverrides(stored: RuleOverrides | null, change: RuleOverrides): RuleOverrides {
  const out: RuleOverrides = structuredClone(stored ?? {});
  for (const section of sections) {
    const fields = change[section];
    if (fields) (out as Record<string, unknown>)[section] = { ...out[section], ...fields };
  }
  return out;
}

/** Problems with a merged rule set, as `[path, message]`. */
export function ruleProblems(rules: RuleConfig): [string, string][] {
  const c = rules.capacity;
  const problems: [string, string][] = [];
  if (c.critical_percent <= c.warning_percent) {
    problems.push(["capacity.critical_percent", "Must be above warning_percent"]);
  }
  if (c.clear_gap_percent >= c.warning_percent) {
    problems.push(["capacity.clear_gap_percent", "Must be below warning_percent"]);
  }
  return problems;
}

export function capacityRule(rules: RuleConfig): CapacityRule {
  const c = rules.capacity;
  return {
    enabled: c.enabled,
    warningPercent: c.warning_percent,
    criticalPercent: c.critical_percent,
    clearGapPercent: c.clear_gap_percent,
    minDurationMs: c.min_duration_seconds * 1000,
    cooldownMs: c.cooldown_seconds * 1000,
  };
}
