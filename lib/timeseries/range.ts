import { DateTime, type DurationLikeObject, IANAZone } from "luxon";
import type { Unit } from "./local-buckets";

export interface RangeInput {
  /** An ISO-8601 instant with `Z` or an offset, or a local date `YYYY-MM-DD` (midnight in the zone). */
  from: string;
  /** Same forms as `from`; exclusive. Defaults to `nowMs` when omitted. */
  to?: string;
  unit: Unit;
  timeZone: string;
  nowMs?: number;
}

export type RangeField = "from" | "to" | "range" | "tz";

export type RangeResult =
  | { ok: true; fromMs: number; toMs: number }
  | { ok: false; field: RangeField; reason: string; hint: string };

/**
 * Largest range per unit, in local calendar terms from `from` (so two local days are allowed even
 * when one of them has 25 hours). Each keeps a response under ~3,000 buckets: minute 2 days (2,880
 * + DST), quarter 31 days (2,976 + DST), hour 93 days (2,232), day 3 years (1,096), month 20 years
 * (240). Alignment to whole buckets may add one bucket at each end.
 */
export const MAX_RANGE: Readonly<Record<Unit, { span: DurationLikeObject; label: string }>> = {
  minute: { span: { days: 2 }, label: "2 days" },
  quarter: { span: { days: 31 }, label: "31 days" },
  hour: { span: { days: 93 }, label: "93 days" },
  day: { span: { years: 3 }, label: "3 years" },
  month: { span: { years: 20 }, label: "20 years" },
};

const COARSER: Readonly<Record<Unit, Unit | null>> = {
  minute: "quarter",
  quarter: "hour",
  hour: "day",
  day: "month",
  month: null,
};

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
/** An offset whose `+` was decoded to a space by a query string: `…T02:00:00 01:00`. */
const LOST_PLUS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)? \d{2}(:?\d{2})?$/;

const FORMS =
  "an ISO-8601 instant with an offset (2026-10-25T02:00:00+01:00 or …Z) or a local date (2026-10-25)";

type Parsed = { ok: true; ms: number } | { ok: false; reason: string; hint: string };

function parseBound(name: "from" | "to", value: string, timeZone: string): Parsed {
  const text = value.trim();
  const date = LOCAL_DATE.exec(text);
  if (date) {
    const [, year, month, day] = date.map(Number) as [number, number, number, number];
    const local = DateTime.fromObject({ year, month, day }, { zone: timeZone });
    if (!local.isValid) {
      return { ok: false, reason: `\`${name}\` is not a calendar date: ${value}`, hint: FORMS };
    }
    // Local midnight, or the day's first instant where midnight does not exist (a DST gap).
    return { ok: true, ms: local.startOf("day").toMillis() };
  }
  if (INSTANT.test(text)) {
    const instant = DateTime.fromISO(text, { setZone: true });
    if (instant.isValid) return { ok: true, ms: instant.toMillis() };
    return { ok: false, reason: `\`${name}\` is not a valid instant: ${value}`, hint: FORMS };
  }
  if (LOST_PLUS.test(text)) {
    return {
      ok: false,
      reason: `\`${name}\` has a space where its offset's sign should be: ${value}`,
      hint: "Encode `+` as %2B in query strings (…T02:00:00%2B01:00), or use Z.",
    };
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) {
    return {
      ok: false,
      reason: `\`${name}\` is a local time without an offset: ${value}`,
      hint: `A local clock time can be ambiguous around DST changes; add Z or an offset, or use ${FORMS}.`,
    };
  }
  return { ok: false, reason: `\`${name}\` is not a date or instant: ${value}`, hint: FORMS };
}

/**
 * Parses a half-open history range [from, to) in the facility's zone. Errors are values. Returns
 * the instants as given (not rounded to buckets: `bucketBoundaries` aligns them outward).
 */
export function parseRange(input: RangeInput): RangeResult {
  const { unit, timeZone } = input;
  if (!IANAZone.isValidZone(timeZone)) {
    return {
      ok: false,
      field: "tz",
      reason: `Unknown time zone: ${timeZone}`,
      hint: "Use an IANA zone name such as Europe/Berlin or Asia/Kolkata.",
    };
  }
  const from = parseBound("from", input.from, timeZone);
  if (!from.ok) return { ok: false, field: "from", reason: from.reason, hint: from.hint };
  let toMs: number;
  if (input.to === undefined) {
    if (input.nowMs === undefined) {
      return {
        ok: false,
        field: "to",
        reason: "`to` is missing",
        hint: `Give \`to\` as ${FORMS}.`,
      };
    }
    toMs = input.nowMs;
  } else {
    const to = parseBound("to", input.to, timeZone);
    if (!to.ok) return { ok: false, field: "to", reason: to.reason, hint: to.hint };
    toMs = to.ms;
  }
  const fromMs = from.ms;
  if (fromMs >= toMs) {
    return {
      ok: false,
      field: "range",
      reason: "`from` must be before `to`",
      hint: "Ranges are half-open [from, to): to include all of 2026-10-25, use from=2026-10-25&to=2026-10-26.",
    };
  }
  const limit = MAX_RANGE[unit];
  const latest = DateTime.fromMillis(fromMs, { zone: timeZone }).plus(limit.span).toMillis();
  if (toMs > latest) {
    const coarser = COARSER[unit];
    return {
      ok: false,
      field: "range",
      reason: `The range is too large for ${unit} buckets (at most ${limit.label})`,
      hint: coarser
        ? `Shorten the range to at most ${limit.label}, or use unit=${coarser}.`
        : `Shorten the range to at most ${limit.label}.`,
    };
  }
  return { ok: true, fromMs, toMs };
}
