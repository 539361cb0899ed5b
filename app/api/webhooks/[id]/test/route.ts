import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { sendTestEvent } from "@/lib/webhooks/deliveries";

export const POST = route(endpoints.sendWebhookTest, ({ db, params, principal }) =>
  sendTestEvent(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
