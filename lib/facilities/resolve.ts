import type { Executor } from "@/db/client";
import { ensureDefaultFacility } from "@/db/queries/facilities";
import type { Facility } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible } from "@/lib/auth/scope";
import { getActiveFacility } from "./facilities";

export const defaultTimeZone = (): string => process.env.FOOTFALL_TIMEZONE || "UTC";

/** The named facility, or the default one when a single-site client names none. */
export async function resolveFacility(
  db: Executor,
  facilityId: string | null | undefined,
  actor: Principal,
): Promise<Facility> {
  if (facilityId) return getActiveFacility(db, facilityId, actor);
  const facility = await ensureDefaultFacility(db, defaultTimeZone());
  assertVisible(actor, facility.id, "Facility", "default");
  return facility;
}
