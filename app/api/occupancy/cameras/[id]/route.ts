import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteCamera, getCamera, updateCamera } from "@/lib/cameras/cameras";

export const GET = route(endpoints.getCamera, ({ db, params, principal }) =>
  getCamera(db, params.id, principal),
);
export const PUT = route(endpoints.updateCamera, ({ db, params, body, principal }) =>
  updateCamera(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteCamera, ({ db, params, principal }) =>
  deleteCamera(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
