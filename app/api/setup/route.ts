import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { setupFirstAdmin } from "@/lib/auth/first-run";

// Public, and useful only on first run: refused with 409 once an admin exists.
export const POST = route(endpoints.setup, ({ db, body }) => setupFirstAdmin(db, body));

const notAllowed = methodNotAllowed(["POST"]);

export { notAllowed as GET, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
