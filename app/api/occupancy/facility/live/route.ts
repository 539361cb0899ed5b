import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { getFacilityLive } from "@/lib/live/live";

export const GET = route(endpoints.facilityLive, ({ db, query, principal }) =>
  getFacilityLive(db, query.facility_id, principal),
);
