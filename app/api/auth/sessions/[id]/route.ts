import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { requireSession } from "@/lib/auth/session";
import { revokeMySession } from "@/lib/users/sessions";

export const DELETE = route(endpoints.revokeMySession, async ({ db, req, params }) =>
  revokeMySession(db, await requireSession(req), params.id),
);

const notAllowed = methodNotAllowed(["DELETE"]);

export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
