import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { setPassword } from "@/lib/users/users";

export const POST = route(endpoints.setUserPassword, ({ db, params, body, principal }) =>
  setPassword(db, params.id, body.password, principal),
);

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
