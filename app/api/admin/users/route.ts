import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { createUser, listUsers } from "@/lib/users/users";

export const POST = route(endpoints.createUser, ({ db, body, principal }) =>
  createUser(db, body, principal),
);
export const GET = route(endpoints.listUsers, ({ db, query }) => listUsers(db, query));
