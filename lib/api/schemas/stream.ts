import { z } from "zod";
import { EVENT_ID_PATTERN } from "@/lib/events/event-id";
import { Id, Instant } from "./common";

const EntityKind = z.enum(["facility", "zone", "camera"]);

export const StreamQuery = z.object({
  facility_id: Id.optional().meta({
    description: "Only this facility (default: every facility the caller may see)",
  }),
  last_event_id: z
    .string()
    .max(60)
    .regex(EVENT_ID_PATTERN, "Not an event id")
    .optional()
    .meta({
      description:
        "Resume after this event id, as the `Last-Event-ID` header does (for EventSource " +
        "polyfills that cannot set it); the header wins when both are sent",
    }),
  once: z.enum(["1", "true", "0", "false"]).optional().meta({
    description:
      "1: send the snapshot and any replayed events, then end the stream (no live changes)",
  }),
});
export type StreamQueryInput = z.infer<typeof StreamQuery>;

export const SnapshotEvent = z
  .object({
    type: z.literal("snapshot"),
    at: Instant,
    items: z.array(
      z.object({
        facility_id: Id,
        entity_kind: EntityKind,
        entity_id: Id,
        name: z.string(),
        occupancy: z.number().int().nullable().meta({
          description: "null: a facility or zone without boundary lines (not measured)",
        }),
        updated_at: Instant.nullable(),
      }),
    ),
  })
  .meta({
    id: "StreamSnapshotEvent",
    description:
      "First event of every (re)connection: the current occupancy of every visible facility, zone and camera",
  });

export const OccupancyEvent = z
  .object({
    type: z.literal("occupancy"),
    facility_id: Id,
    entity_kind: EntityKind,
    entity_id: Id,
    occupancy: z.number().int(),
    previous: z.number().int(),
    at: Instant,
  })
  .meta({ id: "StreamOccupancyEvent", description: "An entity's live occupancy changed" });

export const AlertEvent = z
  .object({
    type: z.literal("alert"),
    facility_id: Id,
    action: z.enum(["opened", "escalated", "resolved", "acknowledged"]),
    alert: z.record(z.string(), z.unknown()),
    at: Instant,
  })
  .meta({
    id: "StreamAlertEvent",
    description: "An alert changed; replayed after a reconnect with Last-Event-ID (kept 6 hours)",
  });

export const StreamEvent = z.discriminatedUnion("type", [
  SnapshotEvent,
  OccupancyEvent,
  AlertEvent,
]);
export type StreamEventDto = z.infer<typeof StreamEvent>;

export const StreamBatch = z
  .object({
    items: z.array(
      z.object({
        id: z.string().meta({ description: "The SSE `id:`: pass it back as Last-Event-ID" }),
        event: StreamEvent,
      }),
    ),
    next_cursor: z
      .string()
      .meta({ description: "The last id: pass it as `last_event_id` to poll for what follows" }),
  })
  .meta({ id: "StreamBatch" });
export type StreamBatchDto = z.infer<typeof StreamBatch>;
