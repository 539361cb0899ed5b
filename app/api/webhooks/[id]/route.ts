import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/manage";

export const GET = route(endpoints.getWebhook, ({ db, params, principal }) =>
  getWebhook(db, params.id, principal),
);
export const PUT = route(endpoints.updateWebhook, ({ db, params, body, principal }) =>
  updateWebhook(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteWebhook, ({ db, params, principal }) =>
  deleteWebhook(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
