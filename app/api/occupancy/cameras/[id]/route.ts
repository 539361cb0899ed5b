import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { deleteCamera, getCamera, updateCamera } from "@/lib/cameras/cameras";

export const GET = route(endpoints.getCamera, ({ db, params }) => getCamera(db, params.id));
export const PUT = route(endpoints.updateCamera, ({ db, params, body }) =>
  updateCamera(db, params.id, body),
);
export const DELETE = route(endpoints.deleteCamera, ({ db, params }) =>
  deleteCamera(db, params.id),
);
