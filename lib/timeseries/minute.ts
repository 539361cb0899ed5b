export const MINUTE_MS = 60_000;

/** Start of the UTC minute holding `ms`. Every real UTC offset is whole minutes, so this is also local. */
export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
