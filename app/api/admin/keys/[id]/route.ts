import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { revokeKey } from "@/lib/keys/keys";

export const DELETE = route(endpoints.revokeKey, ({ db, params, principal }) =>
  revokeKey(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["DELETE"]);

export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
