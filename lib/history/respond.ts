import type { Db } from "@/db/client";
import type { HistoryEntity, HistoryUnit } from "@/lib/api/endpoints/history";
import type { HistoryQueryInput } from "@/lib/api/schemas/history";
import type { Principal } from "@/lib/auth/principal";
import { historyCsv } from "./csv";
import { getHistory } from "./history";

/** JSON, or CSV when asked for with format=csv or Accept: text/csv. */
export async function historyResponse(
  ctx: {
    db: Db;
    req: Request;
    params: { id: string };
    query: HistoryQueryInput;
    principal: Principal;
  },
  kind: HistoryEntity,
  unit: HistoryUnit,
) {
  const history = await getHistory(ctx.db, kind, ctx.params.id, unit, ctx.query, ctx.principal);
  const wantsCsv =
    ctx.query.format === "csv" ||
    (ctx.query.format === undefined && /\btext\/csv\b/.test(ctx.req.headers.get("accept") ?? ""));
  if (!wantsCsv) return history;
  return new Response(historyCsv(history), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${kind}-${ctx.params.id}-${unit}.csv"`,
      "cache-control": "no-store",
    },
  });
}
