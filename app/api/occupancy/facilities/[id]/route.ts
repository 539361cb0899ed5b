import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { deleteFacility, getFacility, updateFacility } from "@/lib/facilities/facilities";

export const GET = route(endpoints.getFacility, ({ db, params }) => getFacility(db, params.id));
export const PUT = route(endpoints.updateFacility, ({ db, params, body }) =>
  updateFacility(db, params.id, body),
);
export const DELETE = route(endpoints.deleteFacility, ({ db, params }) =>
  deleteFacility(db, params.id),
);
