import { endpoints } from "@/lib/api/endpoints";
import { methodNotAllowed, route } from "@/lib/api/route";
import { metricsText } from "@/lib/metrics/registry";

export const GET = route(endpoints.metrics, async () => {
  const { contentType, body } = await metricsText();
  return new Response(body, {
    headers: { "content-type": contentType, "cache-control": "no-store" },
  });
});

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
