import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createZone } from "@/lib/zones/zones";

export const POST = route(endpoints.createZone, ({ db, body, principal }) =>
  createZone(db, body, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
