import type { Capability } from "@/lib/api/endpoint";

export type Grant = Exclude<Capability, "public">;
export type Role = "admin" | "operator" | "viewer";

/** The facilities a caller may see: all of them, or these. Anything else is "not found". */
export type FacilityScope = "all" | ReadonlySet<string>;

/** Who is calling, with what they may do and where. */
export interface Principal {
  kind: "user" | "key" | "bootstrap" | "anonymous";
  /** User id, key id, "bootstrap" or "anonymous". */
  id: string;
  /** Something a person recognises in the audit log: an email, a key's name and prefix. */
  label: string;
  capabilities: ReadonlySet<Grant>;
  facilities: FacilityScope;
}

/** What each role of a person may do (ARCHITECTURE §6 capabilities). */
export const roleCapabilities: Record<Role, readonly Grant[]> = {
  admin: ["read", "configure", "ingest", "admin", "metrics"],
  operator: ["read", "configure"],
  viewer: ["read"],
};

export const anonymous: Principal = {
  kind: "anonymous",
  id: "anonymous",
  label: "anonymous",
  capabilities: new Set(),
  facilities: new Set(),
};

export function canSeeFacility(principal: Principal, facilityId: string): boolean {
  return principal.facilities === "all" || principal.facilities.has(facilityId);
}
