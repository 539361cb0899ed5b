import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { getFacilityStats } from "@/lib/history/stats";

export const GET = route(endpoints.facilityStats, ({ db, query, principal }) =>
  getFacilityStats(db, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
