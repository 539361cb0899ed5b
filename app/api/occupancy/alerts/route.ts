import { listAlerts } from "@/lib/alerts/alerts";
import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";

export const GET = route(endpoints.listAlerts, ({ db, query, principal }) =>
  listAlerts(db, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
