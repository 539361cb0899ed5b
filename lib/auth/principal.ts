import type { Capability } from "@/lib/api/endpoint";

/** Who is calling. Facility scoping arrives with accounts and API keys. */
export interface Principal {
  kind: "open";
  id: string;
  capabilities: ReadonlySet<Exclude<Capability, "public">>;
}

/**
 * The one place requests are authenticated. Until accounts and API keys exist every caller is
 * trusted with everything; the route wrapper already asks for the capability each endpoint
 * declares, so enforcement plugs in here without touching a route.
 */
export async function authenticate(_req: Request): Promise<Principal> {
  return {
    kind: "open",
    id: "open",
    capabilities: new Set(["read", "configure", "ingest", "admin"]),
  };
}
