import type { Db } from "@/db/client";
import type { Capability } from "@/lib/api/endpoint";
import { AppError } from "@/lib/api/errors";
import { RateLimiter } from "@/lib/rate-limit/token-bucket";
import { authenticate } from "./authenticate";
import { clientIp } from "./client-ip";
import { anonymous, type Principal } from "./principal";

const ingestLimiter = new RateLimiter(
  Number(process.env.FOOTFALL_INGEST_RATE ?? 100),
  Number(process.env.FOOTFALL_INGEST_BURST ?? 200),
);
// Per client address as well: many keys on one box cannot add up to a flood.
const ingestIpLimiter = new RateLimiter(
  Number(process.env.FOOTFALL_INGEST_RATE_PER_IP ?? 400),
  Number(process.env.FOOTFALL_INGEST_BURST_PER_IP ?? 800),
);

/** 401 without credentials, 403 without the endpoint's capability, 429 past a key's rate. */
export async function authorise(req: Request, db: Db, capability: Capability): Promise<Principal> {
  if (capability === "public") return anonymous;
  const principal = await authenticate(req, db);
  if (principal.kind === "anonymous") {
    throw new AppError(
      "unauthenticated",
      "Sign in, or send an API key as Authorization: Bearer <key>",
      undefined,
      {
        "www-authenticate": 'Bearer realm="footfall"',
      },
    );
  }
  if (principal.kind === "user" && req.method !== "GET" && !sameOrigin(req)) {
    throw new AppError("forbidden", "Cross-site request refused");
  }
  if (!principal.capabilities.has(capability)) {
    throw new AppError("forbidden", `This needs the ${capability} capability`);
  }
  if (capability === "ingest" && principal.kind !== "bootstrap") {
    for (const [limiter, key, what] of [
      [ingestLimiter, principal.id, "this key"],
      [ingestIpLimiter, clientIp(req), "this address"],
    ] as const) {
      const limited = limiter.take(key);
      if (!limited.ok) {
        throw new AppError("rate_limited", `Too many ingest requests from ${what}`, undefined, {
          "retry-after": String(limited.retryAfterS),
        });
      }
    }
  }
  return principal;
}

/**
 * Cookie sessions are SameSite=Lax and writes need a JSON body, which already stops cross-site
 * forms; a browser's Origin naming another site is refused outright as well.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true;
  try {
    const allowed = process.env.FOOTFALL_PUBLIC_URL
      ? new URL(process.env.FOOTFALL_PUBLIC_URL).host
      : req.headers.get("host");
    return new URL(origin).host === allowed;
  } catch {
    return false;
  }
}
