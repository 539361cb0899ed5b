import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createWebhook, listWebhooks } from "@/lib/webhooks/manage";

export const POST = route(endpoints.createWebhook, ({ db, params, body, principal }) =>
  createWebhook(db, params.id, body, principal),
);
export const GET = route(endpoints.listWebhooks, ({ db, params, query, principal }) =>
  listWebhooks(db, params.id, query, principal),
);

const notAllowed = methodNotAllowed(["GET", "POST"]);

export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
