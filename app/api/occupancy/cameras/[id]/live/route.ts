import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { getCameraLive } from "@/lib/live/live";

export const GET = route(endpoints.cameraLive, ({ db, params, principal }) =>
  getCameraLive(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
