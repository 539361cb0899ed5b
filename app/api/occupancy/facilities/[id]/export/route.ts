import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { exportFacilityHistory } from "@/lib/history/export";

export const GET = route(endpoints.exportFacilityHistory, ({ db, params, query, principal }) =>
  exportFacilityHistory(db, params.id, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
