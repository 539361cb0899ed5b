import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { calibrate } from "@/lib/calibration/calibrate";

export const POST = route(endpoints.calibrateFacility, ({ db, params, body, principal }) =>
  calibrate(db, "facility", params.id, body, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
