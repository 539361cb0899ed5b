import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { calibrate } from "@/lib/calibration/calibrate";

export const POST = route(endpoints.calibrateFacility, ({ db, params, body, principal }) =>
  calibrate(db, "facility", params.id, body, principal),
);
