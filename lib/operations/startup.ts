import { getDatabase } from "@/db/client";
import { ensureDefaultFacility } from "@/db/queries/facilities";
import { defaultTimeZone } from "@/lib/facilities/resolve";
import { log } from "@/lib/log";

export async function startup(): Promise<void> {
  const started = Date.now();
  const { db, driver } = await getDatabase();
  await ensureDefaultFacility(db, defaultTimeZone());
  log.info({ driver, ms: Date.now() - started }, "database ready");
}
