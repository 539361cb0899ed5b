import { getDatabase } from "@/db/client";
import { ensureDefaultFacility } from "@/db/queries/facilities";
import { ensureFirstAdmin } from "@/lib/auth/first-run";
import { defaultTimeZone } from "@/lib/facilities/resolve";
import { startScheduler } from "@/lib/jobs/scheduler";
import { log } from "@/lib/log";

export async function startup(): Promise<void> {
  const started = Date.now();
  const database = await getDatabase();
  const { db, driver } = database;
  await ensureDefaultFacility(db, defaultTimeZone());
  await ensureFirstAdmin();
  startScheduler(database);
  log.info({ driver, ms: Date.now() - started }, "database ready");
}
