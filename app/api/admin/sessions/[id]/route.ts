import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { revokeSession } from "@/lib/users/sessions";

export const DELETE = route(endpoints.revokeSession, ({ db, params, principal }) =>
  revokeSession(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["DELETE"]);

export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
