import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteZone, getZone, updateZone } from "@/lib/zones/zones";

export const GET = route(endpoints.getZone, ({ db, params, principal }) =>
  getZone(db, params.id, principal),
);
export const PUT = route(endpoints.updateZone, ({ db, params, body, principal }) =>
  updateZone(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteZone, ({ db, params, principal }) =>
  deleteZone(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
