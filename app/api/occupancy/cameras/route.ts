import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createCamera, listCameras } from "@/lib/cameras/cameras";

export const POST = route(endpoints.createCamera, ({ db, body, principal }) =>
  createCamera(db, body, principal),
);
export const GET = route(endpoints.listCameras, ({ db, query, principal }) =>
  listCameras(db, query, principal),
);

const notAllowed = methodNotAllowed(["GET", "POST"]);

export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
