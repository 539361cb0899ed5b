const MINUTE = 60_000;

export interface MinuteWindowInput {
  now: number;
  /** A minute is summarised this long after it ends, so camera batches in flight land first. */
  delayMs: number;
  /** Start of the last minute already summarised, if any. */
  cursor: number | null;
  /** When the facility's oldest subscribed endpoint was created. */
  subscribedSince: number;
  /** After an outage, at most this many minutes are caught up (older ones are skipped). */
  maxCatchUp: number;
}

/**
 * The minute starts to summarise now, `from`..`to` inclusive, or null. The first is the minute
 * before the one the first endpoint was created in, so a new endpoint hears something at once.
 */
export function minuteWindow(i: MinuteWindowInput): { from: number; to: number } | null {
  const to = Math.floor((i.now - i.delayMs) / MINUTE) * MINUTE - MINUTE;
  const from = Math.max(
    i.cursor === null ? Number.NEGATIVE_INFINITY : i.cursor + MINUTE,
    Math.floor(i.subscribedSince / MINUTE) * MINUTE - MINUTE,
    to - (i.maxCatchUp - 1) * MINUTE,
  );
  return from <= to ? { from, to } : null;
}
