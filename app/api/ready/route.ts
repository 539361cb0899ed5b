import { endpoints } from "@/lib/api/endpoints";
import { route } from "@/lib/api/route";
import { checkReady } from "@/lib/operations/ready";

export const GET = route(endpoints.ready, async ({ db }) => checkReady(db));
