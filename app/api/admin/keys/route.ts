import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createKey, listKeys } from "@/lib/keys/keys";

export const POST = route(endpoints.createKey, ({ db, body, principal }) =>
  createKey(db, body, principal),
);
export const GET = route(endpoints.listKeys, ({ db, query }) => listKeys(db, query));

const notAllowed = methodNotAllowed(["GET", "POST"]);

export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
