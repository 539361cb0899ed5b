import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { listAudit } from "@/lib/audit/list";

export const GET = route(endpoints.listAudit, ({ db, query }) => listAudit(db, query));

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
