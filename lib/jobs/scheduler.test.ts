import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/db/testing";
import { runExclusively } from "./scheduler";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("runExclusively", () => {
  it("runs a job on one instance at a time (PostgreSQL), or simply runs it (PGlite)", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const job = {
      name: "test",
      pattern: "* * * * * *",
      lock: 991_337,
      run: async () => {
        running++;
        runs++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 300));
        running--;
      },
    };
    const results = await Promise.all([1, 2, 3].map(() => runExclusively(database, job)));
    if (database.driver === "postgres") {
      // Three instances' timers fire together: exactly one takes the lock.
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(runs).toBe(1);
    } else {
      expect(results).toEqual([true, true, true]);
    }
    // PostgreSQL: never two at once. PGlite (one process) has no guard: all three overlapped.
    expect(most).toBe(database.driver === "postgres" ? 1 : 3);
    // The lock is transaction-scoped: once released, the next run takes it.
    expect(await runExclusively(database, job)).toBe(true);
  });
});
