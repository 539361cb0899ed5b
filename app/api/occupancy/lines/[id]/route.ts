import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { deleteLine, getLine, updateLine } from "@/lib/lines/lines";

export const GET = route(endpoints.getLine, ({ db, params }) => getLine(db, params.id));
export const PUT = route(endpoints.updateLine, ({ db, params, body }) =>
  updateLine(db, params.id, body),
);
export const DELETE = route(endpoints.deleteLine, ({ db, params }) => deleteLine(db, params.id));
