import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { AppError } from "@/lib/api/errors";
import { scheduledJobNames, startScheduler, stopScheduler } from "@/lib/jobs/scheduler";
import { checkReady } from "./ready";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  stopScheduler();
  await database.close();
});

describe("readiness", () => {
  it("is not ready until the job scheduler runs, then names each job's last run", async () => {
    stopScheduler();
    await expect(checkReady(database.db)).rejects.toMatchObject({
      code: "unavailable",
      message: "Not ready: the job scheduler has not started",
    });
    startScheduler(database);
    const ready = await checkReady(database.db);
    expect(ready.status).toBe("ready");
    expect(ready.jobs.scheduler).toBe("running");
    expect(ready.jobs.last_runs.map((r) => r.name)).toEqual(scheduledJobNames());
    expect(ready.jobs.last_runs.length).toBeGreaterThan(0);
  });

  it("is not ready when the database does not answer", async () => {
    const broken = {
      execute: async () => {
        throw new Error("connection refused");
      },
    } as unknown as Database["db"];
    const error = await checkReady(broken).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(503);
  });
});
