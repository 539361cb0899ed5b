import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { listUserSessions } from "@/lib/users/sessions";

export const GET = route(endpoints.listUserSessions, ({ db, params, query }) =>
  listUserSessions(db, params.id, query),
);
