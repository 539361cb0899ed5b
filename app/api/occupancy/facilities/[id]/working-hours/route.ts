import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { getWorkingHours, putWorkingHours } from "@/lib/working-hours/working-hours";

export const GET = route(endpoints.getWorkingHours, ({ db, params, principal }) =>
  getWorkingHours(db, params.id, principal),
);
export const PUT = route(endpoints.putWorkingHours, ({ db, params, body, principal }) =>
  putWorkingHours(db, params.id, body, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT"]);

export { notAllowed as POST, notAllowed as DELETE, notAllowed as PATCH };
