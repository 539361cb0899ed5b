import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/api/errors";

/** Ready when the database answers and the migrations have run (the newest table exists). */
export async function checkReady(db: Db): Promise<{ status: "ready" }> {
  try {
    await db.execute(sql`select 1 from camera_minutes limit 1`);
  } catch {
    throw new AppError("unavailable", "Not ready");
  }
  return { status: "ready" };
}
