import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteFacility, getFacility, updateFacility } from "@/lib/facilities/facilities";

export const GET = route(endpoints.getFacility, ({ db, params, principal }) =>
  getFacility(db, params.id, principal),
);
export const PUT = route(endpoints.updateFacility, ({ db, params, body, principal }) =>
  updateFacility(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteFacility, ({ db, params, principal }) =>
  deleteFacility(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
