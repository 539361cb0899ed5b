import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteLine, getLine, updateLine } from "@/lib/lines/lines";

export const GET = route(endpoints.getLine, ({ db, params, principal }) =>
  getLine(db, params.id, principal),
);
export const PUT = route(endpoints.updateLine, ({ db, params, body, principal }) =>
  updateLine(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteLine, ({ db, params, principal }) =>
  deleteLine(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
