import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { deleteUser, getUser, updateUser } from "@/lib/users/users";

export const GET = route(endpoints.getUser, ({ db, params }) => getUser(db, params.id));
export const PUT = route(endpoints.updateUser, ({ db, params, body, principal }) =>
  updateUser(db, params.id, body, principal),
);
export const DELETE = route(endpoints.deleteUser, ({ db, params, principal }) =>
  deleteUser(db, params.id, principal),
);

const notAllowed = methodNotAllowed(["GET", "PUT", "DELETE"]);

export { notAllowed as POST, notAllowed as PATCH };
