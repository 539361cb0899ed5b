import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CapacityAction,
  type CapacityRule,
  decideCapacity,
  initialThreshold,
  type Severity,
  type ThresholdState,
} from "./capacity";

const rule: CapacityRule = {
  enabled: true,
  warningPercent: 80,
  criticalPercent: 100,
  clearGapPercent: 10,
  minDurationMs: 0,
  cooldownMs: 600_000,
};

/** Runs occupancies through the decision like the database layer does, collecting alert actions. */
function simulate(
  steps: { occupancy: number; at: number }[],
  r: CapacityRule = rule,
  capacity: number | null = 50,
) {
  let state: ThresholdState = initialThreshold;
  let open: Severity | null = null;
  let lastResolvedAt: number | null = null;
  const alerts: CapacityAction[] = [];
  const thresholds: CapacityAction[] = [];
  for (const s of steps) {
    const d = decideCapacity({
      rule: r,
      capacity,
      occupancy: s.occupancy,
      now: s.at,
      state,
      open,
      lastResolvedAt,
    });
    state = d.state;
    for (const a of d.actions) {
      if (a.kind === "threshold") thresholds.push(a);
      else alerts.push(a);
      if (a.kind === "open") open = a.severity;
      if (a.kind === "escalate") open = a.to;
      if (a.kind === "resolve") {
        open = null;
        lastResolvedAt = s.at;
      }
    }
  }
  return { alerts, thresholds, state, open };
}

const at = (occupancies: number[], stepMs = 1000) =>
  occupancies.map((occupancy, i) => ({ occupancy, at: 1_000_000 + i * stepMs }));

describe("capacity alerts", () => {
  it("fires a warning at 80% and escalates the same alert at 100%", () => {
    const r = simulate(at([10, 39, 40, 45, 50, 52]));
    expect(r.alerts).toEqual([
      { kind: "open", severity: "warning" },
      { kind: "escalate", from: "warning", to: "critical" },
    ]);
    expect(r.thresholds).toEqual([
      { kind: "threshold", from: "none", to: "warning" },
      { kind: "threshold", from: "warning", to: "critical" },
    ]);
  });

  it("opens straight at critical when occupancy jumps past 100%", () => {
    expect(simulate(at([0, 60])).alerts).toEqual([{ kind: "open", severity: "critical" }]);
  });

  it("does not flap on a count wobbling around 80%", () => {
    const wobble = Array.from({ length: 200 }, (_, i) => (i % 2 ? 39 : 40));
    const r = simulate(at(wobble));
    expect(r.alerts).toEqual([{ kind: "open", severity: "warning" }]);
    expect(r.thresholds).toHaveLength(1);
  });

  it("resolves only below the clear level (70%), not at it", () => {
    const r = simulate(at([40, 36, 35]));
    expect(r.alerts).toEqual([{ kind: "open", severity: "warning" }]);
    const r2 = simulate(at([40, 35, 34]));
    expect(r2.alerts.at(-1)).toEqual({ kind: "resolve" });
  });

  it("keeps a critical alert critical down to the warning's clear level", () => {
    const r = simulate(at([50, 44, 40, 36]));
    expect(r.alerts).toEqual([{ kind: "open", severity: "critical" }]);
    expect(r.state.level).toBe("warning");
    expect(r.thresholds.map((t) => t.kind === "threshold" && t.to)).toEqual([
      "critical",
      "warning",
    ]);
  });

  it("waits out the cooldown after a resolution, then fires if the level still holds", () => {
    const steps = [
      { occupancy: 40, at: 0 },
      { occupancy: 30, at: 60_000 }, // resolved
      { occupancy: 40, at: 120_000 }, // within 10 minutes: nothing
      { occupancy: 41, at: 300_000 },
      { occupancy: 41, at: 660_000 }, // cooldown over: a new alert
    ];
    const r = simulate(steps);
    expect(r.alerts).toEqual([
      { kind: "open", severity: "warning" },
      { kind: "resolve" },
      { kind: "open", severity: "warning" },
    ]);
  });

  it("asks to be looked at again when the cooldown ends", () => {
    const d = decideCapacity({
      rule,
      capacity: 50,
      occupancy: 45,
      now: 100_000,
      state: initialThreshold,
      open: null,
      lastResolvedAt: 60_000,
    });
    expect(d.actions).toEqual([{ kind: "threshold", from: "none", to: "warning" }]);
    expect(d.recheckAt).toBe(660_000);
  });

  it("fires only once a level has held for the minimum duration", () => {
    const slow = { ...rule, minDurationMs: 120_000 };
    const brief = simulate(
      [
        { occupancy: 45, at: 0 },
        { occupancy: 20, at: 60_000 },
        { occupancy: 45, at: 100_000 },
        { occupancy: 45, at: 200_000 },
      ],
      slow,
    );
    expect(brief.alerts).toEqual([]);
    const held = simulate(
      [
        { occupancy: 45, at: 0 },
        { occupancy: 44, at: 60_000 },
        { occupancy: 44, at: 120_000 },
      ],
      slow,
    );
    expect(held.alerts).toEqual([{ kind: "open", severity: "warning" }]);
    const d = decideCapacity({
      rule: slow,
      capacity: 50,
      occupancy: 45,
      now: 0,
      state: initialThreshold,
      open: null,
      lastResolvedAt: null,
    });
    expect(d.recheckAt).toBe(120_000);
  });

  it("resolves an open alert when the capacity goes away or the rule is turned off", () => {
    const state: ThresholdState = { level: "warning", warningSince: 0, criticalSince: null };
    const input = { occupancy: 45, now: 1, state, open: "warning" as const, lastResolvedAt: null };
    expect(decideCapacity({ ...input, rule, capacity: null }).actions).toContainEqual({
      kind: "resolve",
    });
    expect(
      decideCapacity({ ...input, rule: { ...rule, enabled: false }, capacity: 50 }).actions,
    ).toContainEqual({ kind: "resolve" });
  });

  it("never has more than one alert open, and opens at most once per excursion (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ occupancy: fc.integer({ min: 0, max: 70 }), gap: fc.nat(700_000) }), {
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: 60 }),
        (raw, capacity) => {
          let t = 0;
          const steps = raw.map((s) => {
            t += s.gap;
            return { occupancy: s.occupancy, at: t };
          });
          const r = simulate(steps, rule, capacity);
          let open = false;
          for (const a of r.alerts) {
            if (a.kind === "open") {
              expect(open).toBe(false);
              open = true;
            }
            if (a.kind === "resolve") {
              expect(open).toBe(true);
              open = false;
            }
            if (a.kind === "escalate") expect(open).toBe(true);
          }
          // Every resolution came from a fall below the clear level (or the alert is still open).
          const below = (o: number) => o < (capacity * 70) / 100;
          const resolves = r.alerts.filter((a) => a.kind === "resolve").length;
          expect(resolves).toBeLessThanOrEqual(steps.filter((s) => below(s.occupancy)).length);
        },
      ),
    );
  });

  it("between two alerts of a place there are at least the cooldown and a clear (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 30, max: 45 }), { minLength: 1, maxLength: 200 }),
        (occupancies) => {
          // A count moving one person every 10 s around the warning level of 40.
          const r = simulate(at(occupancies, 10_000));
          const opens = r.alerts.filter((a) => a.kind === "open").length;
          expect(opens).toBeLessThanOrEqual(
            1 + Math.floor((occupancies.length * 10_000) / 600_000),
          );
        },
      ),
    );
  });
});
