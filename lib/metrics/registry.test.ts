import { describe, expect, it } from "vitest";
import {
  ingestBatchApplied,
  ingestRequestAnswered,
  jobRan,
  metrics,
  metricsText,
  requestRejected,
  sseClientConnected,
  sseClientCount,
  sseClientDisconnected,
  webhookDelivered,
} from "./registry";

/** A sample's value from the exposition text (0 when absent). */
async function sample(name: string, labels = ""): Promise<number> {
  const { body } = await metricsText();
  const line = body.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

describe("metrics registry", () => {
  it("is one registry per process, however often the module is loaded", async () => {
    const first = metrics();
    expect(metrics()).toBe(first);
    const key = Symbol.for("footfall.metrics");
    expect((globalThis as Record<symbol, unknown>)[key]).toBe(first);
  });

  it("exposes Prometheus text with the process metrics and ours", async () => {
    const { contentType, body } = await metricsText();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(body).toContain("# TYPE footfall_ingest_frames_total counter");
    expect(body).toContain("# TYPE footfall_ingest_batch_duration_seconds histogram");
    expect(body).toContain("# TYPE footfall_sse_clients gauge");
  });

  it("counts an ingest batch's frames, duplicates, detections, crossings and latency", async () => {
    const before = {
      frames: await sample("footfall_ingest_frames_total"),
      dupes: await sample("footfall_ingest_duplicate_frames_total"),
      detections: await sample("footfall_ingest_detections_total"),
      in: await sample("footfall_ingest_crossings_total", '{direction="in"}'),
      out: await sample("footfall_ingest_crossings_total", '{direction="out"}'),
      batches: await sample("footfall_ingest_batch_duration_seconds_count"),
      fast: await sample("footfall_ingest_batch_duration_seconds_bucket", '{le="0.005"}'),
    };
    ingestBatchApplied({
      frames: 10,
      duplicates: 2,
      detections: 200,
      crossingsIn: 3,
      crossingsOut: 1,
      seconds: 0.004,
    });
    ingestBatchApplied({
      frames: 0,
      duplicates: 5,
      detections: 0,
      crossingsIn: 0,
      crossingsOut: 0,
      seconds: 0.2,
    });
    expect(await sample("footfall_ingest_frames_total")).toBe(before.frames + 10);
    expect(await sample("footfall_ingest_duplicate_frames_total")).toBe(before.dupes + 7);
    expect(await sample("footfall_ingest_detections_total")).toBe(before.detections + 200);
    expect(await sample("footfall_ingest_crossings_total", '{direction="in"}')).toBe(before.in + 3);
    expect(await sample("footfall_ingest_crossings_total", '{direction="out"}')).toBe(
      before.out + 1,
    );
    expect(await sample("footfall_ingest_batch_duration_seconds_count")).toBe(before.batches + 2);
    expect(await sample("footfall_ingest_batch_duration_seconds_bucket", '{le="0.005"}')).toBe(
      before.fast + 1,
    );
  });

  it("counts rejected requests by path template and code, and ingest requests by status", async () => {
    const path = "/api/occupancy/cameras/{id}/frames";
    const labels = `{path="${path}",code="validation_failed"}`;
    const before = await sample("footfall_rejected_requests_total", labels);
    requestRejected(path, "validation_failed");
    requestRejected(path, "validation_failed");
    expect(await sample("footfall_rejected_requests_total", labels)).toBe(before + 2);

    const ok = await sample("footfall_ingest_requests_total", '{status="200"}');
    ingestRequestAnswered(200);
    expect(await sample("footfall_ingest_requests_total", '{status="200"}')).toBe(ok + 1);
  });

  it("records job runs, durations and the last success", async () => {
    const job = "test-job";
    jobRan(job, "ok", 0.5, 1_700_000_000_000);
    jobRan(job, "failed", 2);
    jobRan(job, "skipped", 0);
    expect(await sample("footfall_job_runs_total", `{job="${job}",outcome="ok"}`)).toBe(1);
    expect(await sample("footfall_job_runs_total", `{job="${job}",outcome="failed"}`)).toBe(1);
    expect(await sample("footfall_job_runs_total", `{job="${job}",outcome="skipped"}`)).toBe(1);
    expect(
      await sample("footfall_job_duration_seconds_sum", `{job="${job}",outcome="failed"}`),
    ).toBe(2);
    expect(await sample("footfall_job_last_success_timestamp_seconds", `{job="${job}"}`)).toBe(
      1_700_000_000,
    );
  });

  it("tracks open SSE clients and webhook delivery outcomes", async () => {
    const open = sseClientCount();
    sseClientConnected();
    sseClientConnected();
    expect(await sample("footfall_sse_clients")).toBe(open + 2);
    sseClientDisconnected();
    sseClientDisconnected();
    expect(sseClientCount()).toBe(open);
    expect(await sample("footfall_sse_clients")).toBe(open);

    const dead = await sample("footfall_webhook_deliveries_total", '{outcome="dead"}');
    webhookDelivered("dead");
    expect(await sample("footfall_webhook_deliveries_total", '{outcome="dead"}')).toBe(dead + 1);
  });
});
