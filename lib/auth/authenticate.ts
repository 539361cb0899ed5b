import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/api/errors";
import { verifyKey } from "@/lib/keys/keys";
import { RateLimiter } from "@/lib/rate-limit/token-bucket";
import { clientIp } from "./client-ip";
import { anonymous, type Principal, roleCapabilities } from "./principal";
import { sessionPrincipal } from "./session";

// Failed credentials per client address: enough for a typo, too few for guessing.
const failures = new RateLimiter(0.5, 20);

const bootstrapPrincipal: Principal = {
  kind: "bootstrap",
  id: "bootstrap",
  label: "bootstrap key",
  capabilities: new Set(roleCapabilities.admin),
  facilities: "all",
};

function matches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The one place requests are authenticated: a bearer key (or the bootstrap key from the
 * environment), else the browser session cookie, else anonymous. Bad credentials are a 401, never a
 * silent fall back to anonymous.
 */
export async function authenticate(req: Request, db: Db): Promise<Principal> {
  const header = req.headers.get("authorization");
  if (header !== null) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const bootstrap = process.env.FOOTFALL_BOOTSTRAP_API_KEY;
    if (token && bootstrap && matches(token, bootstrap)) return bootstrapPrincipal;
    const principal = token ? await verifyKey(db, token) : null;
    if (principal) return principal;
    const ip = clientIp(req);
    const limited = failures.take(ip);
    if (!limited.ok) {
      throw new AppError("rate_limited", "Too many failed attempts: wait and retry", undefined, {
        "retry-after": String(limited.retryAfterS),
      });
    }
    throw new AppError("unauthenticated", "The API key is not valid or was revoked", undefined, {
      "www-authenticate": 'Bearer realm="footfall"',
    });
  }
  return (await sessionPrincipal(req)) ?? anonymous;
}
