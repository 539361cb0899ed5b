import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { getFacilityLive } from "@/lib/live/live";

export const GET = route(endpoints.facilityLive, ({ db, query, principal }) =>
  getFacilityLive(db, query.facility_id, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
