import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { aggregateNow } from "@/lib/rollups/aggregate";

export const POST = route(endpoints.aggregate, ({ db, body, principal }) =>
  aggregateNow(db, body, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
