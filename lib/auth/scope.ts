import { inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { AppError, notFound } from "@/lib/api/errors";
import { canSeeFacility, type Principal } from "./principal";

/**
 * A resource in a facility the caller may not see answers exactly like one that does not exist:
 * 404, so its existence is not leaked.
 */
export function assertVisible(actor: Principal, facilityId: string, what: string, id: string) {
  if (!canSeeFacility(actor, facilityId)) throw notFound(what, id);
}

/** A WHERE fragment keeping rows of the caller's facilities; undefined when it sees them all. */
export function visibleFacilities(actor: Principal, column: PgColumn): SQL | undefined {
  if (actor.facilities === "all") return undefined;
  if (actor.facilities.size === 0) return sql`false`;
  return inArray(column, [...actor.facilities]);
}

/** Creating or deleting facilities is for callers who see every facility (administrators). */
export function assertAllFacilities(actor: Principal) {
  if (actor.facilities !== "all") {
    throw new AppError("forbidden", "Only a caller with access to every facility can do this");
  }
}
