import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { historyResponse } from "@/lib/history/respond";

export const GET = route(endpoints.facilityMonthly, (ctx) =>
  historyResponse(ctx, "facility", "month"),
);

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
