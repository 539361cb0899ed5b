import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";

export const GET = route(endpoints.health, async () => ({ status: "ok" as const }));
