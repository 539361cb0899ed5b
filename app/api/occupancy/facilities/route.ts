import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createFacility, listFacilities } from "@/lib/facilities/facilities";

export const POST = route(endpoints.createFacility, ({ db, body, principal }) =>
  createFacility(db, body, principal),
);
export const GET = route(endpoints.listFacilities, ({ db, query, principal }) =>
  listFacilities(db, query, principal),
);

const notAllowed = methodNotAllowed(["GET", "POST"]);

export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
