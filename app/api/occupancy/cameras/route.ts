import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { createCamera, listCameras } from "@/lib/cameras/cameras";

export const POST = route(endpoints.createCamera, ({ db, body }) => createCamera(db, body));
export const GET = route(endpoints.listCameras, ({ db, query }) => listCameras(db, query));
