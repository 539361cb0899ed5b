import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { listCameraLines } from "@/lib/lines/lines";

export const GET = route(endpoints.listCameraLines, ({ db, params, query, principal }) =>
  listCameraLines(db, params.id, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
