import type { FootfallEvent } from "./types";

/** The one NOTIFY channel every instance listens on. */
export const CHANNEL = "footfall_events";

/** NOTIFY payloads must stay under 8000 bytes; leave room for the envelope. */
const MAX_INLINE_BYTES = 7_000;

/**
 * What travels in a NOTIFY payload: the event itself when it is small, otherwise only the id of
 * its persisted row (`r`) for the receiver to load. `r` is set for persisted events.
 */
export interface WireMessage {
  r?: number;
  e?: FootfallEvent;
}

export function encode(event: FootfallEvent, rowId?: number): string {
  const full = JSON.stringify(rowId === undefined ? { e: event } : { r: rowId, e: event });
  if (Buffer.byteLength(full) <= MAX_INLINE_BYTES) return full;
  if (rowId === undefined) throw new Error(`event too large to notify (${event.type})`);
  return JSON.stringify({ r: rowId });
}

export function decode(payload: string): WireMessage | null {
  try {
    const message = JSON.parse(payload) as WireMessage;
    if (typeof message !== "object" || message === null) return null;
    if (message.e === undefined && typeof message.r !== "number") return null;
    return message;
  } catch {
    return null;
  }
}
