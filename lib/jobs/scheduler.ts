import { Cron } from "croner";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { checkAnomalies, watchAlerts } from "@/lib/alerts/jobs";
import { pruneEvents } from "@/lib/events/store";
import { log } from "@/lib/log";
import { jobRan } from "@/lib/metrics/registry";
import { applyDueResets } from "@/lib/occupancy/reset";
import { applyRetention } from "@/lib/rollups/retention";
import { rollupAll } from "@/lib/rollups/roll";
import { summariseMinutes } from "@/lib/webhooks/minute-summary";
import { recordJobRun } from "./job-runs";

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
  // Rollups follow the minutes every few minutes; reports compute the rest, so this is for speed.
  {
    name: "rollups",
    pattern: "20 */5 * * * *",
    lock: 7_346_311,
    // Two camera batches at a time on PostgreSQL; PGlite is one connection.
    run: (d) => rollupAll(d.db, d.driver === "postgres" ? 2 : 1),
  },
  // Hourly: cheap when nothing has aged out; deletes only what is rolled up and checkpointed.
  {
    name: "retention",
    pattern: "0 17 * * * *",
    lock: 7_346_321,
    run: (d) => applyRetention(d.db),
  },
  // Alerts stay replayable to reconnecting live streams for a few hours, then go.
  {
    name: "prune-live-events",
    pattern: "40 */10 * * * *",
    lock: 7_346_341,
    run: (d) => pruneEvents(d.db),
  },
  // Capacity alerts waiting out a minimum duration or cooldown, and silent cameras.
  {
    name: "alerts-watch",
    pattern: "*/15 * * * * *",
    lock: 7_346_351,
    run: (d) => watchAlerts(d.db),
  },
  // Every capacity against its current rule, and the anomaly rules.
  {
    name: "alerts-anomalies",
    pattern: "35 * * * * *",
    lock: 7_346_352,
    run: (d) => checkAnomalies(d.db),
  },
  // Each complete minute's crossings as one webhook event per facility, 12 s after it ends.
  {
    name: "webhook-minutes",
    pattern: "12 * * * * *",
    lock: 7_346_361,
    run: (d) => summariseMinutes(d.db),
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
      new Cron(job.pattern, { name: job.name, protect: true, unref: true }, () =>
        runAndRecord(database, job),
      ),
  );
}

/** Stops this process's schedule (runs in progress finish). */
export function stopScheduler(): void {
  const g = globalThis as GlobalWithJobs;
  for (const cron of g[globalKey] ?? []) cron.stop();
  delete g[globalKey];
}

/** The names of the scheduled jobs, or null while this process has not started the scheduler. */
export function scheduledJobNames(): string[] | null {
  const crons = (globalThis as GlobalWithJobs)[globalKey];
  return crons ? crons.map((c) => c.name ?? "") : null;
}

/**
 * Runs a job where it is due, counts it in the metrics and keeps its last run in `job_runs`
 * (only the instance that ran it writes; one that found it locked counts a skip).
 */
export async function runAndRecord(database: Database, job: Job): Promise<void> {
  const startedAt = new Date();
  let result: unknown;
  let failure: unknown;
  let ran = false;
  try {
    ran = await runExclusively(database, {
      ...job,
      run: async (d) => {
        result = await job.run(d);
        return result;
      },
    });
  } catch (error) {
    failure = error;
  }
  const finishedAt = new Date();
  const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
  const ok = failure === undefined;
  if (!ok) log.error({ err: failure, job: job.name }, "job failed");
  else if (ran) log.debug({ job: job.name, ms: seconds * 1000 }, "job ran");
  jobRan(job.name, !ok ? "failed" : ran ? "ok" : "skipped", seconds, finishedAt.getTime());
  if (ok && !ran) return;
  await recordJobRun(database.db, {
    name: job.name,
    startedAt,
    finishedAt,
    ok,
    error: ok ? undefined : failure instanceof Error ? failure.message : String(failure),
    result,
  }).catch((error) => log.error({ err: error, job: job.name }, "job run not recorded"));
}
