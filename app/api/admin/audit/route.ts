import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { listAudit } from "@/lib/audit/list";

export const GET = route(endpoints.listAudit, ({ db, query }) => listAudit(db, query));
