import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { EVENT_ID_PATTERN } from "@/lib/events/event-id";
import { openOccupancyStream } from "@/lib/events/stream";

// Never cache or prerender: every request is its own live stream.
export const dynamic = "force-dynamic";

const heartbeatMs = Number(process.env.FOOTFALL_SSE_HEARTBEAT_MS) || 15_000;

export const GET = route(endpoints.occupancyStream, ({ req, db, query, principal }) => {
  // EventSource sends back the last id it saw; anything else it might send is ignored.
  const header = req.headers.get("last-event-id")?.trim();
  const lastEventId =
    header && EVENT_ID_PATTERN.test(header) ? header : (query.last_event_id ?? null);
  const sse = req.headers.get("accept")?.includes("text/event-stream") ?? false;
  const once = query.once === "1" || query.once === "true";
  return openOccupancyStream(db, principal, {
    facilityId: query.facility_id,
    lastEventId,
    mode: !sse ? "json" : once ? "once" : "live",
    signal: req.signal,
    heartbeatMs,
  });
});

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
