import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { requireSession } from "@/lib/auth/session";
import { listMySessions } from "@/lib/users/sessions";

export const GET = route(endpoints.listMySessions, async ({ db, req, query }) =>
  listMySessions(db, await requireSession(req), query),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
