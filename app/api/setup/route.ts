import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { setupFirstAdmin } from "@/lib/auth/first-run";

// Public, and useful only on first run: refused with 409 once an admin exists.
export const POST = route(endpoints.setup, ({ db, body }) => setupFirstAdmin(db, body));
