/**
 * Event ids double as SSE ids, so a reconnecting client's `Last-Event-ID` says what it missed.
 * Persisted events (alerts) have their row id: `"42"`. Occupancy events are not persisted and
 * carry the cursor of the last persisted event their sender had seen: `"42-7"`. Resuming after
 * either replays the persisted events after 42.
 */
export function persistedId(rowId: number): string {
  return String(rowId);
}

export function transientId(cursor: number, seq: number | string): string {
  return `${cursor}-${seq}`;
}

const ID = /^(\d{1,15})(?:-[A-Za-z0-9.]{1,40})?$/;

/** The persisted-event cursor in an event id, or null when it is not one of ours. */
export function cursorOf(id: string): number | null {
  const match = ID.exec(id.trim());
  return match ? Number(match[1]) : null;
}

export const EVENT_ID_PATTERN = ID;
