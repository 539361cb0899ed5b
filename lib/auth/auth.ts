import { randomBytes } from "node:crypto";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { betterAuth } from "better-auth/minimal";
import { eq } from "drizzle-orm";
import { type Database, type Db, getDatabase } from "@/db/client";
import {
  authAccounts,
  authRateLimits,
  authSessions,
  authSettings,
  authUsers,
  authVerifications,
} from "@/db/schema";
import { log } from "@/lib/log";
import { authIdFor } from "@/lib/users/ids";
import { clearAttempts, consumeAttempt, type WindowRule } from "@/lib/users/throttle";
import { clientIp } from "./client-ip";

export const COOKIE_PREFIX = "footfall";
const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Sign-in limits (all kept in the database, so every instance counts the same attempts):
 * - per client IP, any email: 30 attempts a minute (better-auth's limiter, keyed by its IP);
 * - per client IP and email: 5 attempts a minute, and per email from anywhere: 20 attempts in
 *   15 minutes; a successful sign-in clears both, so in effect they count failures.
 * Everything else under /api/auth: 300 requests a minute per IP and path.
 */
export const SIGN_IN_LIMITS = {
  perIp: { window: 60, max: 30 },
  perIpAndEmail: { window: 60, max: 5 },
  perEmail: { window: 15 * 60, max: 20 },
  otherPaths: { window: 60, max: 300 },
} satisfies Record<string, WindowRule>;

// Endpoints of better-auth we do not offer: accounts are made by an admin (or the setup page),
// sessions are listed and revoked through our own endpoints, which never show tokens.
const disabledPaths = [
  "/sign-up/email",
  "/update-user",
  "/change-email",
  "/delete-user",
  "/request-password-reset",
  "/reset-password",
  "/verify-email",
  "/send-verification-email",
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/list-accounts",
  "/account-info",
  "/link-social",
  "/unlink-account",
  "/sign-in/social",
  "/refresh-token",
  "/get-access-token",
];

/** FOOTFALL_AUTH_SECRET, or one generated on first start and kept in `auth_settings`. */
async function authSecret(db: Db): Promise<string> {
  const fromEnv = process.env.FOOTFALL_AUTH_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("FOOTFALL_AUTH_SECRET must be at least 32 characters");
    return fromEnv;
  }
  // The first instance to insert wins; every other instance reads the same row.
  await db
    .insert(authSettings)
    .values({ key: "auth_secret", value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select().from(authSettings).where(eq(authSettings.key, "auth_secret"));
  if (!row) throw new Error("The auth secret could not be stored");
  return row.value;
}

/** The origins a browser on the request's own host sends (http or https). */
function requestOrigins(req: Request | undefined): string[] {
  const host = req?.headers.get("host");
  if (!host || !/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host)) return [];
  return [`http://${host}`, `https://${host}`];
}

function signInKeys(ip: string, email: string) {
  return { ipAndEmail: `signin|${ip}|${email}`, email: `signin|${email}` };
}

function build({ db, driver }: Database, secret: string, secure: boolean) {
  const publicUrl = process.env.FOOTFALL_PUBLIC_URL || undefined;
  return betterAuth({
    appName: "Footfall",
    secret,
    baseURL: publicUrl,
    // Sign-in, sign-out and the like need an Origin header naming this site. Without
    // FOOTFALL_PUBLIC_URL, "this site" is the host the browser asked for (its Host header).
    trustedOrigins: publicUrl ? [new URL(publicUrl).origin] : (req) => requestOrigins(req),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: authUsers,
        session: authSessions,
        account: authAccounts,
        verification: authVerifications,
        rateLimit: authRateLimits,
      },
      // With transactions on, anything querying the outer db inside one hangs PGlite for good.
      transaction: driver !== "pglite",
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: false,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    session: {
      expiresIn: 7 * 24 * 3600,
      updateAge: 24 * 3600,
      // Off: a revoked session or a changed role takes effect on the next request.
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: SIGN_IN_LIMITS.otherPaths.window,
      max: SIGN_IN_LIMITS.otherPaths.max,
      customRules: { "/sign-in/email": SIGN_IN_LIMITS.perIp },
      // Fixed windows in one atomic upsert on auth_rate_limits (better-auth's own database
      // storage restarts the window only after a pause as long as the window).
      customStorage: { consume: (key, rule) => consumeAttempt(db, key, rule) },
    },
    disabledPaths,
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
          .trim()
          .toLowerCase();
        if (!email) return;
        const keys = signInKeys(ctx.request ? clientIp(ctx.request) : "server", email);
        for (const [key, rule] of [
          [keys.ipAndEmail, SIGN_IN_LIMITS.perIpAndEmail],
          [keys.email, SIGN_IN_LIMITS.perEmail],
        ] as const) {
          const { allowed, retryAfter } = await consumeAttempt(db, key, rule);
          if (!allowed) {
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: "TOO_MANY_SIGN_IN_ATTEMPTS",
                message: `Too many sign-in attempts: try again in ${retryAfter} s`,
              },
              { "retry-after": String(retryAfter) },
            );
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email" || isAPIError(ctx.context.returned)) return;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
          .trim()
          .toLowerCase();
        const keys = signInKeys(ctx.request ? clientIp(ctx.request) : "server", email);
        await clearAttempts(db, [keys.ipAndEmail, keys.email]);
      }),
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      // HttpOnly and SameSite=Lax are better-auth's defaults; stated here as the contract.
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
      database: { generateId: ({ model }) => authIdFor(model) },
    },
    telemetry: { enabled: false },
    // 4xx answers are the client's business; only failures of ours are worth a log line.
    onAPIError: {
      onError: (error) => {
        const status = isAPIError(error) ? error.statusCode : 500;
        if (status >= 500) log.error({ err: error, component: "auth" }, "auth request failed");
      },
    },
    logger: {
      level: "warn",
      log: (level, message) => {
        if (message.includes("Base URL is not set")) return;
        log[level === "debug" ? "debug" : level]({ component: "auth" }, message);
      },
    },
  });
}

export type FootfallAuth = ReturnType<typeof build>;

function envFlag(name: string): boolean | undefined {
  const value = process.env[name]?.toLowerCase();
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return undefined;
}

/**
 * Whether this request's cookies are `Secure` (named `__Secure-footfall.…`):
 * FOOTFALL_SECURE_COOKIES=1|0 decides outright, else an https FOOTFALL_PUBLIC_URL, else the
 * request itself (https, or already carrying the secure cookie).
 */
export function secureCookiesFor(req: Request | Headers): boolean {
  const forced = envFlag("FOOTFALL_SECURE_COOKIES");
  if (forced !== undefined) return forced;
  const publicUrl = process.env.FOOTFALL_PUBLIC_URL;
  if (publicUrl) return publicUrl.startsWith("https://");
  const headers = req instanceof Headers ? req : req.headers;
  if (headers.get("cookie")?.includes(`${SECURE_SESSION_COOKIE}=`)) return true;
  if (headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return !(req instanceof Headers) && new URL(req.url).protocol === "https:";
}

const globalKey = Symbol.for("footfall.auth");
type GlobalWithAuth = typeof globalThis & {
  [globalKey]?: Map<boolean, Promise<FootfallAuth>>;
};

/** The better-auth instance for secure or plain cookies, built once per process. */
export function getAuth(secure: boolean): Promise<FootfallAuth> {
  const g = globalThis as GlobalWithAuth;
  g[globalKey] ??= new Map();
  const cache = g[globalKey];
  let auth = cache.get(secure);
  if (!auth) {
    auth = (async () => {
      const database = await getDatabase();
      return build(database, await authSecret(database.db), secure);
    })().catch((error) => {
      cache.delete(secure);
      throw error;
    });
    cache.set(secure, auth);
  }
  return auth;
}

export function authFor(req: Request | Headers): Promise<FootfallAuth> {
  return getAuth(secureCookiesFor(req));
}

const codeByStatus: Record<number, string> = {
  400: "invalid_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
};

/**
 * better-auth's handler, answering errors in the API's shape (`{ error: { code, message } }`,
 * Retry-After on 429) and keeping session tokens out of response bodies: the cookie (HttpOnly)
 * is the only place a browser holds one.
 */
export async function handleAuthRequest(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 100) || crypto.randomUUID();
  let res: Response;
  try {
    res = await (await authFor(req)).handler(req);
  } catch (error) {
    log.error({ err: error, requestId, url: req.url }, "auth handler failed");
    return errorBody(500, "internal", "Something went wrong on our side", requestId, new Headers());
  }
  const headers = new Headers(res.headers);
  headers.set("x-request-id", requestId);
  headers.set("cache-control", "no-store");
  if (res.status >= 400) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    const retry = headers.get("retry-after") ?? headers.get("x-retry-after");
    if (res.status === 429 && retry) headers.set("retry-after", retry);
    const message =
      typeof body?.message === "string" && body.message
        ? body.message
        : res.status === 404
          ? "No such endpoint"
          : "The request failed";
    const code = codeByStatus[res.status] ?? (res.status >= 500 ? "internal" : "invalid_request");
    return errorBody(res.status, code, message, requestId, headers);
  }
  if (!headers.get("content-type")?.includes("application/json")) {
    return new Response(res.body, { status: res.status, headers });
  }
  const body = await res.json().catch(() => null);
  headers.delete("content-length");
  return Response.json(withoutTokens(body), { status: res.status, headers });
}

function errorBody(
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Headers,
): Response {
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ error: { code, message, request_id: requestId } }), {
    status,
    headers,
  });
}

/** Drops `token` from a sign-in answer and from `session` objects (get-session). */
function withoutTokens(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { token: _token, ...rest } = body as Record<string, unknown>;
  const session = rest.session;
  if (session && typeof session === "object" && !Array.isArray(session)) {
    const { token: _sessionToken, ...safe } = session as Record<string, unknown>;
    rest.session = safe;
  }
  return rest;
}
