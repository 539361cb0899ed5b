/** What live subscribers (the SSE stream, webhooks) hear about. Field names are the API's. */
export type FootfallEvent =
  | {
      type: "occupancy";
      facility_id: string;
      entity_kind: "facility" | "zone" | "camera";
      entity_id: string;
      occupancy: number;
      previous: number;
      at: string;
    }
  | {
      type: "alert";
      facility_id: string;
      action: "opened" | "escalated" | "resolved" | "acknowledged";
      alert: Record<string, unknown>;
      at: string;
    };

/** An event as delivered, with an id usable as an SSE id (see `./event-id`). */
export interface DeliveredEvent {
  id: string;
  event: FootfallEvent;
}
