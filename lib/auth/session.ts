import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type UserRole, userFacilityGrants, userRoles } from "@/db/schema";
import { AppError } from "@/lib/api/errors";
import { authFor } from "./auth";
import type { Principal } from "./principal";
import { roleCapabilities } from "./principal";

export interface CurrentSession {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
}

function asRole(value: unknown): UserRole {
  return userRoles.includes(value as UserRole) ? (value as UserRole) : "viewer";
}

/**
 * The browser session the request's cookie names, if it is valid: better-auth checks the cookie's
 * signature and reads the session and its user (two SELECTs; no cookie cache, so a revoked
 * session or a changed role counts from the next request).
 */
export async function currentSession(req: Request | Headers): Promise<CurrentSession | null> {
  const headers = req instanceof Headers ? req : req.headers;
  const cookie = headers.get("cookie");
  if (!cookie?.includes("footfall.session_token=")) return null;
  const auth = await authFor(req);
  const found = await auth.api.getSession({ headers: new Headers({ cookie }) });
  if (!found) return null;
  return {
    sessionId: found.session.id,
    userId: found.user.id,
    email: found.user.email,
    name: found.user.name,
    role: asRole(found.user.role),
  };
}

/**
 * The signed-in person as a Principal, or null without a valid session. Admins see every
 * facility; anyone else sees the facilities granted in `user_facility_grants` (one more SELECT).
 */
export async function sessionPrincipal(req: Request): Promise<Principal | null> {
  const session = await currentSession(req);
  if (!session) return null;
  let facilities: Principal["facilities"] = "all";
  if (session.role !== "admin") {
    const db = await getDb();
    const rows = await db
      .select({ facilityId: userFacilityGrants.facilityId })
      .from(userFacilityGrants)
      .where(eq(userFacilityGrants.userId, session.userId));
    facilities = new Set(rows.map((r) => r.facilityId));
  }
  return {
    kind: "user",
    id: session.userId,
    label: session.email,
    capabilities: new Set(roleCapabilities[session.role]),
    facilities,
  };
}

/** The request's session, or a 401. */
export async function requireSession(req: Request): Promise<CurrentSession> {
  const session = await currentSession(req);
  if (!session) throw new AppError("unauthenticated", "Sign in first");
  return session;
}
