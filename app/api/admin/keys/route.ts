import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { createKey, listKeys } from "@/lib/keys/keys";

export const POST = route(endpoints.createKey, ({ db, body, principal }) =>
  createKey(db, body, principal),
);
export const GET = route(endpoints.listKeys, ({ db, query }) => listKeys(db, query));
