import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";

export interface JobRun {
  name: string;
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  error?: string;
  result?: unknown;
}

const MAX_RESULT_CHARS = 10_000;

/** A job's result as JSON, if it is small and representable; anything else is not worth keeping. */
function storable(result: unknown): unknown {
  if (result === undefined) return null;
  try {
    const json = JSON.stringify(result);
    if (json === undefined) return null;
    return json.length > MAX_RESULT_CHARS ? { truncated: true } : JSON.parse(json);
  } catch {
    return null;
  }
}

/** Keeps the latest run of each job (one row per job name). */
export async function recordJobRun(db: Db, run: JobRun): Promise<void> {
  const values = {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ok: run.ok,
    error: run.error?.slice(0, 1000) ?? null,
    result: storable(run.result),
  };
  await db
    .insert(jobRuns)
    .values({ name: run.name, ...values })
    .onConflictDoUpdate({ target: jobRuns.name, set: values });
}

export interface LastRun {
  name: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  ok: boolean | null;
}

/** The last run of each named job, in the order given; never run: all null. */
export async function lastRuns(db: Db, names: readonly string[]): Promise<LastRun[]> {
  if (names.length === 0) return [];
  const rows = await db
    .select({
      name: jobRuns.name,
      startedAt: jobRuns.startedAt,
      finishedAt: jobRuns.finishedAt,
      ok: jobRuns.ok,
    })
    .from(jobRuns)
    .where(inArray(jobRuns.name, [...names]));
  const byName = new Map(rows.map((r) => [r.name, r]));
  return names.map(
    (name) => byName.get(name) ?? { name, startedAt: null, finishedAt: null, ok: null },
  );
}
