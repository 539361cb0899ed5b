import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { listZones } from "@/lib/zones/zones";

export const GET = route(endpoints.listZones, ({ db, params, query, principal }) =>
  listZones(db, params.id, query, principal),
);
