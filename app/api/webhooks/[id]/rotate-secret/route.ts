import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/webhooks/manage";

export const POST = route(endpoints.rotateWebhookSecret, ({ db, params, principal }) =>
  rotateWebhookSecret(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
