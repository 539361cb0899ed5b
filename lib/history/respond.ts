import type { Db } from "@/db/client";
import type { HistoryEntity, HistoryUnit } from "@/lib/api/endpoints/history";
import type { HistoryQueryInput } from "@/lib/api/schemas/history";
import type { Principal } from "@/lib/auth/principal";
import { csvResponse, csvStream, historyCsvLines } from "./csv";
import { getHistory } from "./history";

/** Whether the caller asked for CSV: format=csv, or Accept: text/csv without a format. */
export function wantsCsv(req: Request, format: string | undefined): boolean {
  if (format !== undefined) return format === "csv";
  return /\btext\/csv\b/.test(req.headers.get("accept") ?? "");
}

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
  if (!wantsCsv(ctx.req, ctx.query.format)) return history;
  return csvResponse(csvStream(historyCsvLines(history)), `${kind}-${ctx.params.id}-${unit}.csv`);
}
