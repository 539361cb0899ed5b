import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { getCameraLive } from "@/lib/live/live";

export const GET = route(endpoints.cameraLive, ({ db, params, principal }) =>
  getCameraLive(db, params.id, principal),
);
