import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { create, unique } from "../api/fixtures";
import {
  cursorsFor,
  describeRequest,
  FUZZ_CLIENT,
  fetchDocument,
  hintsFor,
  isWrite,
  operationsOf,
  type RequestContext,
  realIdsFor,
  requestArb,
  SchemaArbitraries,
  seedFor,
  send,
  site,
} from "../support/arbitraries";
import { diffFingerprints, type Fingerprinter, openFingerprinter } from "../support/db-fingerprint";

/**
 * A refused write leaves the database exactly as it was: bad input against every POST, PUT and
 * DELETE of the OpenAPI document, with a fingerprint of every table (db-fingerprint.ts) taken
 * before and after each request that is answered 4xx (or 5xx) — against the PostgreSQL the server
 * uses. Runs with DATABASE_URL only; the suite's one worker keeps other tests out meanwhile.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
/** How many refused writes to check, spread over the write operations. */
const TARGET = Number(process.env.FUZZ_REJECTED ?? 150);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After an accepted write: wait out its background work (ingest materialises ~250 ms later). */
async function settle(db: Fingerprinter) {
  await sleep(300);
  let previous = await db.take();
  for (let i = 0; i < 10; i++) {
    await sleep(150);
    const next = await db.take();
    if (diffFingerprints(previous, next).length === 0) return;
    previous = next;
  }
}

test(`a refused write changes nothing in the database (seed ${SEED}, ~${TARGET} refused writes)`, async ({
  request,
}) => {
  test.setTimeout(240_000);
  const db = await openFingerprinter();
  try {
    const doc = await fetchDocument(request);
    const writes = operationsOf(doc).filter(isWrite);

    // The fingerprint sees the server's writes (same database, nothing cached).
    const before = await db.take();
    await create(request, "/facilities", { name: unique("Fingerprint check") });
    expect(diffFingerprints(before, await db.take())).toContainEqual(
      expect.stringMatching(/^facilities: \d+ → \d+ rows/),
    );

    // Warm-up: the first request to an endpoint may initialise something once, whatever its
    // answer (better-auth's secret is generated into auth_settings on first use). One refused
    // request per operation first; the checked cases come after.
    for (const op of writes) {
      const url = op.path.replace(/\{[^}]+\}/g, "fuzz_warmup_missing");
      await request.fetch(url, {
        method: op.method,
        headers: { ...FUZZ_CLIENT, "content-type": "application/json" },
        ...(op.body ? { data: "{" } : {}),
      });
    }
    // About four in five cases are refused: run enough to reach the target.
    const runs = Math.max(3, Math.ceil((TARGET * 1.3) / writes.length));
    let refused = 0;
    let accepted = 0;
    const changes: string[] = [];
    const started = Date.now();

    for (const op of writes) {
      await test.step(`${op.method} ${op.path}`, async () => {
        const s = await site(request, doc, op.path.startsWith("/api/admin/users/"));
        await settle(db);
        const realIds = realIdsFor(op, s);
        const ctx: RequestContext = {
          arbs: new SchemaArbitraries(doc, hintsFor(s)),
          realIds,
          cursors: await cursorsFor(request, op, realIds),
          rejectOnly: op.capability === "public",
          mostlyInvalid: true,
          headers: FUZZ_CLIENT,
        };
        const seed = seedFor(op, SEED);
        await fc.assert(
          fc.asyncProperty(requestArb(op, ctx), async (c) => {
            const before = await db.take();
            const a = await send(request, c);
            if (a.status < 400) {
              accepted++;
              await settle(db);
              return;
            }
            if (a.status < 500) refused++;
            const diff = diffFingerprints(before, await db.take());
            if (diff.length) {
              changes.push(
                `● ${op.method} ${op.path} answered ${a.status} but changed: ${diff.join("; ")} (seed ${seed})\n  ${describeRequest(c)}\n  answer: ${a.text.slice(0, 400)}`,
              );
            }
          }),
          { numRuns: runs, seed },
        );
      });
    }

    console.log(
      `fuzz-unchanged: ${writes.length} write operations × ${runs} cases: ${refused} refused (fingerprinted), ${accepted} accepted, in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}; ${db.tables.length} tables compared, left out: ${db.excluded.join(", ") || "none"}`,
    );
    expect(refused).toBeGreaterThanOrEqual(Math.floor(TARGET * 0.8));
    expect(changes, changes.join("\n\n")).toEqual([]);
  } finally {
    await db.close();
  }
});
