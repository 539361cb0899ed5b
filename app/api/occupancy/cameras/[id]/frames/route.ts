import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { ingestFrames } from "@/lib/ingest/ingest";

export const POST = route(endpoints.ingestFrames, ({ db, params, body, principal }) =>
  ingestFrames(db, params.id, body, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
