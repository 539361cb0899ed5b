import { Cron } from "croner";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { log } from "@/lib/log";
import { applyDueResets } from "@/lib/occupancy/reset";

interface Job {
  name: string;
  /** Cron pattern (croner), with seconds. */
  pattern: string;
  /** A number for pg_try_advisory_xact_lock: the same on every instance. */
  lock: number;
  run: (database: Database) => Promise<unknown>;
}

const jobs: Job[] = [
  // Each minute: cheap when nothing is due, and a reset lands within a minute of its time.
  {
    name: "daily-reset",
    pattern: "5 * * * * *",
    lock: 7_346_301,
    run: (d) => applyDueResets(d.db),
  },
];

/**
 * Runs a job on exactly one instance: the one that takes the transaction-scoped advisory lock
 * (a session lock taken through a pool could be released on another connection). The job's own
 * work runs in small transactions of its own beside that one. PGlite is one process with one
 * connection, so there the lock is trivial and holding a transaction would block the job itself.
 */
export async function runExclusively(database: Database, job: Job): Promise<boolean> {
  if (database.driver === "pglite") {
    await job.run(database);
    return true;
  }
  return database.db.transaction(async (tx) => {
    const [row] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${job.lock}) as locked`),
    );
    if (!row?.locked) return false;
    await job.run(database);
    return true;
  });
}

const globalKey = Symbol.for("footfall.scheduler");
type GlobalWithJobs = typeof globalThis & { [globalKey]?: Cron[] };

/** Starts the in-process schedule once per process. */
export function startScheduler(database: Database): void {
  const g = globalThis as GlobalWithJobs;
  if (g[globalKey]) return;
  g[globalKey] = jobs.map(
    (job) =>
      new Cron(job.pattern, { protect: true, unref: true }, async () => {
        const started = Date.now();
        try {
          const ran = await runExclusively(database, job);
          if (ran) log.debug({ job: job.name, ms: Date.now() - started }, "job ran");
        } catch (error) {
          log.error({ err: error, job: job.name }, "job failed");
        }
      }),
  );
}
