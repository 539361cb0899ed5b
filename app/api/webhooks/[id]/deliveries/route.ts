import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { listDeliveries } from "@/lib/webhooks/deliveries";

export const GET = route(endpoints.listWebhookDeliveries, ({ db, params, query, principal }) =>
  listDeliveries(db, params.id, query, principal),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
