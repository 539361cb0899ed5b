import { expect, test } from "@playwright/test";
import fc from "fast-check";
import {
  type Answer,
  cursorsFor,
  describeRequest,
  FUZZ_CLIENT,
  fetchDocument,
  hintsFor,
  isWrite,
  type Operation,
  operationsOf,
  problemsWith,
  type RequestCase,
  type RequestContext,
  realIdsFor,
  requestArb,
  SchemaArbitraries,
  seedFor,
  send,
  site,
} from "../support/arbitraries";
import { doorway } from "./fixtures";

/**
 * Bad input against every operation of the OpenAPI document, over real HTTP: never a 5xx, every
 * error in the `{ error: { code, message, details? } }` shape without internals, every 422 with
 * `details[].path`, and the server still healthy afterwards.
 *
 * Reproduce a run with FUZZ_SEED (each operation's seed is derived from it and the operation);
 * FUZZ_RUNS sets the cases per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** Public writes (setup, sign-in): fewer cases, and only ones certain to be refused. */
const PUBLIC_WRITE_RUNS = Math.min(RUNS, 12);

interface Finding {
  op: string;
  problem: string;
  seed: number;
  request: string;
  answer: string;
  size: number;
  count: number;
}

/** Collects problems, one per (operation, kind of problem), keeping the smallest request. */
class Findings {
  readonly byKey = new Map<string, Finding>();

  add(op: Operation, seed: number, c: RequestCase, a: Answer, problems: string[]) {
    for (const problem of problems) {
      const kind = problem.replace(/:.*$/s, "");
      const key = `${op.method} ${op.path} :: ${kind}`;
      const size = c.url.length + (c.body?.length ?? 0);
      const previous = this.byKey.get(key);
      const count = (previous?.count ?? 0) + 1;
      if (previous && previous.size <= size) {
        previous.count = count;
        continue;
      }
      this.byKey.set(key, {
        op: `${op.method} ${op.path}`,
        problem,
        seed,
        request: describeRequest(c),
        answer: `${a.status} ${a.headers["content-type"] ?? ""} ${a.text.slice(0, 600)}`,
        size,
        count,
      });
    }
  }

  report(): string {
    return [...this.byKey.values()]
      .map(
        (f) =>
          `● ${f.op} — ${f.problem} (${f.count}×, seed ${f.seed})\n  ${f.request}\n  answer: ${f.answer}`,
      )
      .join("\n\n");
  }
}

test(`every operation survives bad input (seed ${SEED}, ${RUNS} cases each)`, async ({
  request,
}) => {
  test.setTimeout(300_000);
  const doc = await fetchDocument(request);
  const ops = operationsOf(doc);
  expect(ops.length).toBeGreaterThan(25);

  const shared = await site(request, doc, true);
  const findings = new Findings();
  const statuses = new Map<string, number>();
  let cases = 0;
  const started = Date.now();

  for (const op of ops) {
    await test.step(`${op.method} ${op.path}`, async () => {
      // Writes on a resource get a site of their own: a DELETE that succeeds takes it away.
      const fresh = op.path.includes("{") && isWrite(op);
      const s = fresh ? await site(request, doc, op.path.startsWith("/api/admin/users/")) : shared;
      const realIds = realIdsFor(op, s);
      const publicWrite = op.capability === "public" && isWrite(op);
      const ctx: RequestContext = {
        arbs: new SchemaArbitraries(doc, hintsFor(s)),
        realIds,
        cursors: await cursorsFor(request, op, realIds),
        rejectOnly: publicWrite,
        headers: FUZZ_CLIENT,
      };
      const seed = seedFor(op, SEED);
      await fc.assert(
        fc.asyncProperty(requestArb(op, ctx), async (c) => {
          const a = await send(request, c);
          cases++;
          const bucket = `${Math.floor(a.status / 100)}xx`;
          statuses.set(bucket, (statuses.get(bucket) ?? 0) + 1);
          const problems = problemsWith(c, a);
          // Certain rejects must be rejected (a public write that succeeded changed global state).
          if (c.surelyRejected && a.status < 300)
            problems.push(`accepted (${a.status}) a request that is not valid`);
          if (problems.length) findings.add(op, seed, c, a, problems);
        }),
        { numRuns: publicWrite ? PUBLIC_WRITE_RUNS : RUNS, seed },
      );
      const health = await request.get("/api/health");
      expect(health.status(), `health after ${op.method} ${op.path}`).toBe(200);
    });
  }

  console.log(
    `fuzz: ${ops.length} operations, ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  const report = findings.report();
  if (report) console.log(report);
  expect(findings.byKey.size, `bad-input findings (seed ${SEED}):\n\n${report}`).toBe(0);
});

test("the server is healthy and ready after the fuzz", async ({ request }) => {
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/ready")).status()).toBe(200);
  // And still serves real work.
  const { facility } = await doorway(request);
  expect((await request.get(`/api/occupancy/facilities/${facility.id}/live`)).status()).toBe(200);
});
