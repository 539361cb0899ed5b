import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { listCameraLines } from "@/lib/lines/lines";

export const GET = route(endpoints.listCameraLines, ({ db, params, query, principal }) =>
  listCameraLines(db, params.id, query, principal),
);
