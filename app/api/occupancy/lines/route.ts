import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { createLine } from "@/lib/lines/lines";

export const POST = route(endpoints.createLine, ({ db, body, principal }) =>
  createLine(db, body, principal),
);
