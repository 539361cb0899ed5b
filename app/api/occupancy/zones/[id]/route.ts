import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { deleteZone, getZone, updateZone } from "@/lib/zones/zones";

export const GET = route(endpoints.getZone, ({ db, params }) => getZone(db, params.id));
export const PUT = route(endpoints.updateZone, ({ db, params, body }) =>
  updateZone(db, params.id, body),
);
export const DELETE = route(endpoints.deleteZone, ({ db, params }) => deleteZone(db, params.id));
