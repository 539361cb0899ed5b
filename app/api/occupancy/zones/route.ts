import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { createZone } from "@/lib/zones/zones";

export const POST = route(endpoints.createZone, ({ db, body, principal }) =>
  createZone(db, body, principal),
);
