import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { listUserSessions } from "@/lib/users/sessions";

export const GET = route(endpoints.listUserSessions, ({ db, params, query }) =>
  listUserSessions(db, params.id, query),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
