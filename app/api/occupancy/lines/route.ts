import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createLine } from "@/lib/lines/lines";

export const POST = route(endpoints.createLine, ({ db, body, principal }) =>
  createLine(db, body, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
