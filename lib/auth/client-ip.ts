/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (Next sets
 * the header from the socket when no proxy did). Without a proxy that overwrites the header a
 * client can choose its own entry, so per-IP limits are only as good as the proxy in front.
 */
export function clientIp(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  return last || "unknown";
}
