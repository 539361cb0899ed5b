import { getAlertRules, putAlertRules } from "@/lib/alerts/rule-store";
import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";

export const GET = route(endpoints.getZoneAlertRules, ({ db, params, principal }) =>
  getAlertRules(db, "zone", params.id, principal),
);
export const PUT = route(endpoints.updateZoneAlertRules, ({ db, params, body, principal }) =>
  putAlertRules(db, "zone", params.id, body, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT"]);

export { notAllowed as POST, notAllowed as DELETE, notAllowed as PATCH };
