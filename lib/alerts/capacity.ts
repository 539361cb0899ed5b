/**
 * Capacity alerts as a pure decision: the entity's threshold state, its open alert, the rule, the
 * occupancy and the time in; the new state and what to do out. No database, no clock.
 *
 * Levels are reached at or above `percent` of capacity and left only when the occupancy falls
 * *below* `percent − clear gap` (hysteresis), so a count wobbling around a level never flaps.
 */

export type Level = "none" | "warning" | "critical";
export type Severity = Exclude<Level, "none">;

export interface CapacityRule {
  enabled: boolean;
  warningPercent: number;
  criticalPercent: number;
  clearGapPercent: number;
  /** A level must hold this long before its alert fires (0: at once). */
  minDurationMs: number;
  /** After an alert of this condition resolves, no new one opens for this long. */
  cooldownMs: number;
}

export interface ThresholdState {
  level: Level;
  /** Since when the level has been warning or above, and critical, without a break. */
  warningSince: number | null;
  criticalSince: number | null;
}

export const initialThreshold: ThresholdState = {
  level: "none",
  warningSince: null,
  criticalSince: null,
};

export interface CapacityInput {
  rule: CapacityRule;
  /** Null: no capacity, so no capacity alerts (an open one resolves). */
  capacity: number | null;
  occupancy: number;
  now: number;
  state: ThresholdState;
  /** Severity of the condition's open (or acknowledged) alert, if any. */
  open: Severity | null;
  /** When the condition's last alert resolved, for the cooldown. */
  lastResolvedAt: number | null;
}

export type CapacityAction =
  | { kind: "threshold"; from: Level; to: Level }
  | { kind: "open"; severity: Severity }
  | { kind: "escalate"; from: Severity; to: Severity }
  | { kind: "resolve" };

export interface CapacityDecision {
  state: ThresholdState;
  actions: CapacityAction[];
  /** Set when a level holds but its alert waits (minimum duration or cooldown): re-evaluate then. */
  recheckAt: number | null;
}

const rank: Record<Level, number> = { none: 0, warning: 1, critical: 2 };
const higher = (a: Level, b: Level) => rank[a] > rank[b];

/** Occupancies at which each level is reached and below which it is left, in people. */
export function capacityLevels(rule: CapacityRule, capacity: number) {
  const at = (percent: number) => (capacity * percent) / 100;
  return {
    warning: at(rule.warningPercent),
    warningClear: at(rule.warningPercent - rule.clearGapPercent),
    critical: at(rule.criticalPercent),
    criticalClear: at(rule.criticalPercent - rule.clearGapPercent),
  };
}

/** The threshold level after `occupancy`, from `level`: up on reaching a level, down only below its clear level. */
export function nextLevel(
  rule: CapacityRule,
  capacity: number | null,
  level: Level,
  occupancy: number,
): Level {
  if (!rule.enabled || capacity === null) return "none";
  const l = capacityLevels(rule, capacity);
  if (occupancy >= l.critical) return "critical";
  if (level === "critical" && occupancy >= l.criticalClear) return "critical";
  if (occupancy >= l.warning) return "warning";
  if (level !== "none" && occupancy >= l.warningClear) return "warning";
  return "none";
}

export function decideCapacity(input: CapacityInput): CapacityDecision {
  const { rule, now, state, open } = input;
  const level = nextLevel(rule, input.capacity, state.level, input.occupancy);
  const next: ThresholdState = {
    level,
    warningSince: level === "none" ? null : (state.warningSince ?? now),
    criticalSince: level === "critical" ? (state.criticalSince ?? now) : null,
  };
  const actions: CapacityAction[] = [];
  if (level !== state.level) actions.push({ kind: "threshold", from: state.level, to: level });

  if (level === "none") {
    if (open) actions.push({ kind: "resolve" });
    return { state: next, actions, recheckAt: null };
  }

  // The highest level that has held for the minimum duration.
  const heldSince = (since: number | null) => since !== null && now - since >= rule.minDurationMs;
  const due: Level = heldSince(next.criticalSince)
    ? "critical"
    : heldSince(next.warningSince)
      ? "warning"
      : "none";
  let recheckAt: number | null = null;
  const waitingFor = (since: number | null) => (since === null ? null : since + rule.minDurationMs);
  if (higher(level, due)) {
    recheckAt =
      level === "critical" ? waitingFor(next.criticalSince) : waitingFor(next.warningSince);
  }

  if (due !== "none" && open === null) {
    const coolUntil = input.lastResolvedAt === null ? null : input.lastResolvedAt + rule.cooldownMs;
    if (coolUntil !== null && now < coolUntil) {
      recheckAt = recheckAt === null ? coolUntil : Math.min(recheckAt, coolUntil);
    } else {
      actions.push({ kind: "open", severity: due });
    }
  } else if (due !== "none" && open !== null && higher(due, open)) {
    // Escalated in place: the same alert, now critical. It never de-escalates while open.
    actions.push({ kind: "escalate", from: open, to: due as Severity });
  }
  return { state: next, actions, recheckAt };
}
