import { acknowledge } from "@/lib/alerts/alerts";
import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";

export const PUT = route(endpoints.acknowledgeAlert, ({ db, params, body, principal }) =>
  acknowledge(db, params.id, body.note, principal),
);

const notAllowed = methodNotAllowed(["PUT"]);

export { notAllowed as GET, notAllowed as POST, notAllowed as DELETE, notAllowed as PATCH };
