import { getDatabase } from "@/db/client";
import { ensureDefaultFacility } from "@/db/queries/facilities";
import { ensureFirstAdmin } from "@/lib/auth/first-run";
import { defaultTimeZone } from "@/lib/facilities/resolve";
import { log } from "@/lib/log";

export async function startup(): Promise<void> {
  const started = Date.now();
  const { db, driver } = await getDatabase();
  await ensureDefaultFacility(db, defaultTimeZone());
  await ensureFirstAdmin();
  log.info({ driver, ms: Date.now() - started }, "database ready");
}
