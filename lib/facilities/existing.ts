import { and, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { facilities } from "@/db/schema";
import { validationFailed } from "@/lib/api/errors";

/** Every id must name a facility that exists (and is not deleted): else 422 at its index. */
export async function existingFacilityIds(db: Executor, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(inArray(facilities.id, unique), isNull(facilities.deletedAt)));
  const known = new Set(rows.map((r) => r.id));
  const details = ids.flatMap((id, i) =>
    known.has(id)
      ? []
      : [{ path: `facility_ids[${i}]`, code: "unknown_facility", message: `No facility ${id}` }],
  );
  if (details.length > 0) throw validationFailed(details);
  return unique;
}
