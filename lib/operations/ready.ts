import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { AppError } from "@/lib/api/errors";
import type { ReadinessDto } from "@/lib/api/schemas/operations";
import { lastRuns } from "@/lib/jobs/job-runs";
import { scheduledJobNames } from "@/lib/jobs/scheduler";

const notReady = (why: string) => new AppError("unavailable", `Not ready: ${why}`);

let newestMigration: number | undefined;

/**
 * When the newest migration in the journal was made. Read once per process: the migrations this
 * process ran at startup came from the same folder.
 */
function newestMigrationMillis(): number {
  if (newestMigration === undefined) {
    const file = path.join(process.cwd(), "db", "migrations", "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(file, "utf8")) as { entries: { when: number }[] };
    newestMigration = Math.max(...journal.entries.map((e) => e.when));
  }
  return newestMigration;
}

/**
 * Ready when the database answers, every migration has run (drizzle records each migration's
 * journal time as `created_at`) and this process has started its job scheduler. The answer names
 * each job's last run but nothing else: it is public.
 */
export async function checkReady(db: Db): Promise<ReadinessDto> {
  let applied: number;
  try {
    const [row] = rowsOf<{ newest: string | number | null }>(
      await db.execute(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`),
    );
    applied = Number(row?.newest ?? 0);
  } catch {
    throw notReady("the database does not answer");
  }
  if (applied < newestMigrationMillis()) throw notReady("database migrations have not all run");
  const jobs = scheduledJobNames();
  if (!jobs) throw notReady("the job scheduler has not started");
  const runs = await lastRuns(db, jobs).catch(() => {
    throw notReady("the database does not answer");
  });
  return {
    status: "ready",
    jobs: {
      scheduler: "running",
      last_runs: runs.map((r) => ({
        name: r.name,
        last_started_at: r.startedAt?.toISOString() ?? null,
        last_finished_at: r.finishedAt?.toISOString() ?? null,
        ok: r.ok,
      })),
    },
  };
}
