import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { revokeKey } from "@/lib/keys/keys";

export const DELETE = route(endpoints.revokeKey, ({ db, params, principal }) =>
  revokeKey(db, params.id, principal),
);
