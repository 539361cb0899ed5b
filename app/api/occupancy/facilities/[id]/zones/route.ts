import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { listZones } from "@/lib/zones/zones";

export const GET = route(endpoints.listZones, ({ db, params, query, principal }) =>
  listZones(db, params.id, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
