import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { cameraStates } from "@/db/schema";

/**
 * Any change to what a camera's ingest computes (its lines, size, enabled flag, its occupancy)
 * bumps its version, so an instance with a cached copy of the camera fails its next
 * compare-and-swap and reloads. Takes the row lock: a batch in flight finishes first.
 */
export async function bumpCameraVersion(tx: Executor, cameraId: string): Promise<void> {
  await tx
    .update(cameraStates)
    .set({ version: sql`${cameraStates.version} + 1` })
    .where(eq(cameraStates.cameraId, cameraId));
}
