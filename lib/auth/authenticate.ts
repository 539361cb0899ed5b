import type { Principal } from "./principal";

/**
 * The one place requests are authenticated. Until accounts and API keys are wired in, every
 * caller is trusted with everything.
 */
export async function authenticate(_req: Request): Promise<Principal> {
  return {
    kind: "bootstrap",
    id: "open",
    label: "open",
    capabilities: new Set(["read", "configure", "ingest", "admin"]),
    facilities: "all",
  };
}
