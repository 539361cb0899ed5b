import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { ingestFrames } from "@/lib/ingest/ingest";

export const POST = route(endpoints.ingestFrames, ({ db, params, body, principal }) =>
  ingestFrames(db, params.id, body, principal),
);
