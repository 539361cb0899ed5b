import { endpoint } from "../endpoint";
import { StreamBatch, StreamQuery } from "../schemas/stream";

export const streamEndpoints = {
  occupancyStream: endpoint({
    method: "GET",
    path: "/api/occupancy/stream",
    summary: "Live occupancy changes and alerts (Server-Sent Events)",
    description:
      "With `Accept: text/event-stream` (what EventSource sends): a Server-Sent Events stream " +
      "for the facilities the caller may see. Each (re)connection starts with a `snapshot` event " +
      "(the occupancy of every visible facility, zone and camera), then `alert` events missed " +
      "since the `Last-Event-ID` header (or `last_event_id`), then live `occupancy` and `alert` " +
      "events as they happen, and a `: heartbeat` comment every 15 s. Every event has an `id:` " +
      "and its `event:` name is its `type`; `data:` is the JSON object below. `once=1` ends the " +
      "stream after the snapshot and replay. Without that Accept header the same snapshot and " +
      "replay answer once as the JSON list documented here (a polling fallback: pass " +
      "`next_cursor` back as `last_event_id`). Alerts are replayable for 6 hours; occupancy " +
      "changes are not replayed (the snapshot carries the current figures).",
    tag: "Live",
    capability: "read",
    query: StreamQuery,
    response: StreamBatch,
    errors: [503],
  }),
};
