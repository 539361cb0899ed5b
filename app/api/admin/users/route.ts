import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { createUser, listUsers } from "@/lib/users/users";

export const POST = route(endpoints.createUser, ({ db, body, principal }) =>
  createUser(db, body, principal),
);
export const GET = route(endpoints.listUsers, ({ db, query }) => listUsers(db, query));

const notAllowed = methodNotAllowed(["GET", "POST"]);

export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
