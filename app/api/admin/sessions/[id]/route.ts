import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { revokeSession } from "@/lib/users/sessions";

export const DELETE = route(endpoints.revokeSession, ({ db, params, principal }) =>
  revokeSession(db, params.id, principal),
);
