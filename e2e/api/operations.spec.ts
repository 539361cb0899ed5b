import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { api, createKey, doorway, walk } from "./fixtures";

const framesPath = `${api}/cameras/{id}/frames`;

async function asKey(baseURL: string, key: string | null) {
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: key ? { authorization: `Bearer ${key}` } : {},
  });
}

/** Reads samples out of the Prometheus text; a sample not there yet counts as 0. */
async function scrape(scraper: APIRequestContext) {
  const res = await scraper.get("/api/metrics");
  expect(res.status()).toBe(200);
  const text = await res.text();
  return (name: string, labels = "") => {
    const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
    return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
  };
}

let scraper: APIRequestContext;
test.beforeAll(async ({ request, baseURL }) => {
  const key = await createKey(request, { name: "prometheus", capabilities: ["metrics"] });
  scraper = await asKey(baseURL!, key.key);
});

test("metrics need the metrics capability and are Prometheus text", async ({
  request,
  baseURL,
}) => {
  const anonymous = await asKey(baseURL!, null);
  const refused = await anonymous.get("/api/metrics");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthenticated");

  const reader = await createKey(request, { name: "dashboard", capabilities: ["read"] });
  const forbidden = await (await asKey(baseURL!, reader.key)).get("/api/metrics");
  expect(forbidden.status()).toBe(403);
  expect((await forbidden.json()).error.code).toBe("forbidden");

  const res = await scraper.get("/api/metrics");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  for (const metric of [
    "process_cpu_user_seconds_total",
    "nodejs_eventloop_lag_seconds",
    "footfall_http_requests_total",
    "footfall_ingest_frames_total",
    "footfall_ingest_batch_duration_seconds",
    "footfall_sse_clients",
  ]) {
    expect(text, metric).toContain(`# TYPE ${metric} `);
  }
  // A scrape key is good for nothing else.
  expect((await scraper.get(`${api}/facilities`)).status()).toBe(403);
  // The document says what the endpoint answers and what it needs.
  const doc = await (await request.get("/api/openapi.json")).json();
  const op = doc.paths["/api/metrics"].get;
  expect(op["x-capability"]).toBe("metrics");
  expect(Object.keys(op.responses["200"].content)).toEqual(["text/plain; version=0.0.4"]);
  const keySchema = JSON.stringify(doc.components?.schemas?.CreateKey ?? doc);
  expect(keySchema).toContain('"metrics"');
});

test("an ingested batch moves the frame, detection, crossing and latency counters", async ({
  request,
}) => {
  const { camera } = await doorway(request);
  const before = await scrape(scraper);
  // Two walk in, one walks out: 21 frames of 3 detections.
  const frames = walk(
    [
      { track: "a", fromX: 1300, toX: 600 },
      { track: "b", fromX: 1250, toX: 650 },
      { track: "c", fromX: 500, toX: 1400 },
    ],
    Date.now() - 120_000,
  );
  const res = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  expect(res.status(), await res.text()).toBe(200);
  // The same batch again: every frame a duplicate.
  const again = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
  expect((await again.json()).duplicates).toBe(frames.length);

  const after = await scrape(scraper);
  const moved = (name: string, labels = "") => after(name, labels) - before(name, labels);
  expect(moved("footfall_ingest_frames_total")).toBe(frames.length);
  expect(moved("footfall_ingest_detections_total")).toBe(frames.length * 3);
  expect(moved("footfall_ingest_duplicate_frames_total")).toBe(frames.length);
  expect(moved("footfall_ingest_crossings_total", '{direction="in"}')).toBe(2);
  expect(moved("footfall_ingest_crossings_total", '{direction="out"}')).toBe(1);
  expect(moved("footfall_ingest_batch_duration_seconds_count")).toBe(2);
  expect(moved("footfall_ingest_requests_total", '{status="200"}')).toBe(2);
  expect(
    moved("footfall_http_requests_total", `{method="POST",path="${framesPath}",status="200"}`),
  ).toBe(2);
});

test("a rejected request is counted by its endpoint and error code", async ({ request }) => {
  const { camera } = await doorway(request);
  const labels = (code: string) => `{path="${framesPath}",code="${code}"}`;
  const before = await scrape(scraper);
  // A frame a day ahead of the server's clock.
  const future = await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: { frames: [{ ts: Date.now() + 86_400_000, detections: [] }] },
  });
  expect(future.status()).toBe(422);
  const unknown = await request.post(`${api}/cameras/cam_doesnotexist000/frames`, {
    data: { frames: [{ ts: Date.now() - 1000, detections: [] }] },
  });
  expect(unknown.status()).toBe(404);
  const after = await scrape(scraper);
  const moved = (name: string, l: string) => after(name, l) - before(name, l);
  expect(moved("footfall_rejected_requests_total", labels("validation_failed"))).toBe(1);
  expect(moved("footfall_rejected_requests_total", labels("not_found"))).toBe(1);
  expect(moved("footfall_ingest_requests_total", '{status="422"}')).toBe(1);
  expect(moved("footfall_ingest_requests_total", '{status="404"}')).toBe(1);
});

test("readiness reports the scheduler and each job's last run", async ({ request }) => {
  test.setTimeout(120_000);
  const res = await request.get("/api/ready");
  expect(res.status()).toBe(200);
  const ready = await res.json();
  expect(ready.status).toBe("ready");
  expect(ready.jobs.scheduler).toBe("running");
  const names = ready.jobs.last_runs.map((r: { name: string }) => r.name);
  expect(names).toContain("daily-reset");
  // daily-reset runs every minute: its run is kept in the database and counted.
  let run: { last_started_at: string | null; last_finished_at: string | null; ok: boolean | null };
  await expect
    .poll(
      async () => {
        const body = await (await request.get("/api/ready")).json();
        run = body.jobs.last_runs.find((r: { name: string }) => r.name === "daily-reset");
        return run.ok;
      },
      { timeout: 70_000, intervals: [1000] },
    )
    .toBe(true);
  expect(Date.parse(run!.last_finished_at!)).toBeGreaterThanOrEqual(
    Date.parse(run!.last_started_at!),
  );
  const metrics = await scrape(scraper);
  const runs =
    metrics("footfall_job_runs_total", '{job="daily-reset",outcome="ok"}') +
    metrics("footfall_job_runs_total", '{job="daily-reset",outcome="skipped"}');
  expect(runs).toBeGreaterThanOrEqual(1);
});

test("every answer carries a request id, and a caller's own id is echoed", async ({ request }) => {
  const mine = "req-0123456789abcdef";
  for (const [method, path] of [
    ["GET", "/api/health"],
    ["GET", `${api}/facilities`],
    ["GET", `${api}/facilities/fac_doesnotexist000`],
    ["DELETE", "/api/health"],
  ] as const) {
    const fresh = await request.fetch(path, { method });
    expect(fresh.headers()["x-request-id"], `${method} ${path}`).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request.fetch(path, { method, headers: { "x-request-id": mine } });
    expect(echoed.headers()["x-request-id"], `${method} ${path}`).toBe(mine);
  }
  const missing = await request.get(`${api}/facilities/fac_doesnotexist000`, {
    headers: { "x-request-id": mine },
  });
  expect((await missing.json()).error.request_id).toBe(mine);
  // Something that is not an id is not echoed into a header.
  const odd = await request.get("/api/health", { headers: { "x-request-id": "a b<c>" } });
  expect(odd.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
