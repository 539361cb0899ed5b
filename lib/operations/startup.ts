import { getDatabase } from "@/db/client";
import { ensureDefaultFacility } from "@/db/queries/facilities";
import "@/lib/alerts/register";
import { ensureFirstAdmin } from "@/lib/auth/first-run";
import "@/lib/events/register";
import { defaultTimeZone } from "@/lib/facilities/resolve";
import { startScheduler } from "@/lib/jobs/scheduler";
import { log } from "@/lib/log";
import { startWebhookWorker } from "@/lib/webhooks/worker";

export async function startup(): Promise<void> {
  const started = Date.now();
  const database = await getDatabase();
  const { db, driver } = database;
  await ensureDefaultFacility(db, defaultTimeZone());
  await ensureFirstAdmin();
  startScheduler(database);
  startWebhookWorker(database);
  log.info({ driver, ms: Date.now() - started }, "database ready");
}
