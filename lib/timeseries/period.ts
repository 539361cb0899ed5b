import { DateTime } from "luxon";

/**
 * Start of the counting period holding `nowMs`: the latest daily reset at local `resetTime`
 * ("HH:MM") in `timezone`, or local midnight when there is none. Local, so a Berlin facility's
 * day starts at its own midnight whatever the UTC offset that day (23- and 25-hour days included).
 */
export function periodStart(nowMs: number, timezone: string, resetTime: string | null): number {
  const [hour, minute] = (resetTime ?? "00:00").split(":").map(Number) as [number, number];
  const now = DateTime.fromMillis(nowMs, { zone: timezone });
  // A reset time that does not exist that day (a DST gap) moves forward, as luxon does.
  let start = now.set({ hour, minute, second: 0, millisecond: 0 });
  if (start.toMillis() > nowMs) {
    start = now.minus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  }
  return start.toMillis();
}
