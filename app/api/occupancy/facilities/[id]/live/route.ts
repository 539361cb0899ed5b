import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { getFacilityLive } from "@/lib/live/live";

export const GET = route(endpoints.facilityLiveById, ({ db, params, principal }) =>
  getFacilityLive(db, params.id, principal),
);
