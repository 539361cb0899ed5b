import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { metricsText } from "@/lib/metrics/registry";
import { lastRuns, recordJobRun } from "./job-runs";
import { runAndRecord } from "./scheduler";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;

async function sample(name: string, labels: string): Promise<number> {
  const { body } = await metricsText();
  const line = body.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

describe("job runs", () => {
  it("keeps the latest run of each job, and answers null for a job never run", async () => {
    const name = unique("job");
    await recordJobRun(database.db, {
      name,
      startedAt: new Date("2026-01-01T00:00:00Z"),
      finishedAt: new Date("2026-01-01T00:00:01Z"),
      ok: false,
      error: "boom",
    });
    await recordJobRun(database.db, {
      name,
      startedAt: new Date("2026-01-01T00:01:00Z"),
      finishedAt: new Date("2026-01-01T00:01:02Z"),
      ok: true,
      result: { resets: 2 },
    });
    const never = unique("never");
    expect(await lastRuns(database.db, [name, never])).toEqual([
      {
        name,
        startedAt: new Date("2026-01-01T00:01:00Z"),
        finishedAt: new Date("2026-01-01T00:01:02Z"),
        ok: true,
      },
      { name: never, startedAt: null, finishedAt: null, ok: null },
    ]);
  });

  it("records a scheduled run's outcome, result and error, and counts it", async () => {
    const name = unique("scheduled");
    const job = { name, pattern: "* * * * * *", lock: 991_338, run: async () => ({ done: 3 }) };
    await runAndRecord(database, job);
    const [ok] = await lastRuns(database.db, [name]);
    expect(ok!.ok).toBe(true);
    expect(ok!.finishedAt!.getTime()).toBeGreaterThanOrEqual(ok!.startedAt!.getTime());
    expect(await sample("footfall_job_runs_total", `{job="${name}",outcome="ok"}`)).toBe(1);

    await runAndRecord(database, {
      ...job,
      run: async () => {
        throw new Error("no luck");
      },
    });
    const [failed] = await lastRuns(database.db, [name]);
    expect(failed!.ok).toBe(false);
    expect(await sample("footfall_job_runs_total", `{job="${name}",outcome="failed"}`)).toBe(1);
    expect(
      await sample("footfall_job_duration_seconds_count", `{job="${name}",outcome="failed"}`),
    ).toBe(1);
  });
});
