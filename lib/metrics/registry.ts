import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics. Next loads modules more than once (instrumentation, each route
 * bundle), and prom-client refuses a name registered twice in one registry, so the registry and
 * every metric live once per process on globalThis.
 */
function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sse = { open: 0 };
  const ingestCrossings = new Counter({
    name: "footfall_ingest_crossings_total",
    help: "Line crossings found in ingested frames, by direction",
    labelNames: ["direction"] as const,
    registers,
  });
  return {
    registry,
    httpRequests: new Counter({
      name: "footfall_http_requests_total",
      help: "API requests answered, by method, path template and status",
      labelNames: ["method", "path", "status"] as const,
      registers,
    }),
    rejectedRequests: new Counter({
      name: "footfall_rejected_requests_total",
      help: "API requests answered with an error, by path template and error code",
      labelNames: ["path", "code"] as const,
      registers,
    }),
    ingestRequests: new Counter({
      name: "footfall_ingest_requests_total",
      help: "Requests to ingest endpoints, by HTTP status",
      labelNames: ["status"] as const,
      registers,
    }),
    ingestFrames: new Counter({
      name: "footfall_ingest_frames_total",
      help: "Frames accepted (newer than the camera's watermark) and run through the counting engine",
      registers,
    }),
    ingestDuplicates: new Counter({
      name: "footfall_ingest_duplicate_frames_total",
      help: "Frames ignored as duplicates (at or before the camera's watermark, or a retried batch)",
      registers,
    }),
    ingestDetections: new Counter({
      name: "footfall_ingest_detections_total",
      help: "Detections in accepted frames",
      registers,
    }),
    crossingsIn: ingestCrossings.labels("in"),
    crossingsOut: ingestCrossings.labels("out"),
    ingestBatchSeconds: new Histogram({
      name: "footfall_ingest_batch_duration_seconds",
      help: "Time to apply one accepted ingest batch (engine, ledger and write, retries included)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    ingestWriteConflicts: new Counter({
      name: "footfall_ingest_write_conflicts_total",
      help: "Ingest writes that lost a race with another writer of the same camera and were recomputed",
      registers,
    }),
    jobRuns: new Counter({
      name: "footfall_job_runs_total",
      help: "Scheduled job runs, by job and outcome (ok, failed, or skipped: another instance ran it)",
      labelNames: ["job", "outcome"] as const,
      registers,
    }),
    jobSeconds: new Histogram({
      name: "footfall_job_duration_seconds",
      help: "Duration of scheduled job runs on this instance, by job and outcome",
      labelNames: ["job", "outcome"] as const,
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    jobLastSuccess: new Gauge({
      name: "footfall_job_last_success_timestamp_seconds",
      help: "When each job last finished successfully on this instance (Unix time)",
      labelNames: ["job"] as const,
      registers,
    }),
    sse,
    sseClients: new Gauge({
      name: "footfall_sse_clients",
      help: "Server-Sent Events streams currently open on this instance",
      registers,
      collect() {
        this.set(sse.open);
      },
    }),
    webhookDeliveries: new Counter({
      name: "footfall_webhook_deliveries_total",
      help: "Webhook delivery attempts, by outcome: delivered, failed (will retry) or dead (gave up)",
      labelNames: ["outcome"] as const,
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof build>;
const globalKey = Symbol.for("footfall.metrics");
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: Metrics };

export function metrics(): Metrics {
  const g = globalThis as GlobalWithMetrics;
  g[globalKey] ??= build();
  return g[globalKey];
}

/** The exposition, in Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** One API request answered; `path` is the endpoint's template, never the concrete URL. */
export function requestAnswered(method: string, path: string, status: number): void {
  metrics().httpRequests.inc({ method, path, status });
}

export function requestRejected(path: string, code: string): void {
  metrics().rejectedRequests.inc({ path, code });
}

export function ingestRequestAnswered(status: number): void {
  metrics().ingestRequests.inc({ status });
}

export interface IngestBatchCounts {
  frames: number;
  duplicates: number;
  detections: number;
  crossingsIn: number;
  crossingsOut: number;
  seconds: number;
}

/** One applied ingest batch: called once per batch, never per frame or detection. */
export function ingestBatchApplied(c: IngestBatchCounts): void {
  const m = metrics();
  if (c.frames > 0) m.ingestFrames.inc(c.frames);
  if (c.duplicates > 0) m.ingestDuplicates.inc(c.duplicates);
  if (c.detections > 0) m.ingestDetections.inc(c.detections);
  if (c.crossingsIn > 0) m.crossingsIn.inc(c.crossingsIn);
  if (c.crossingsOut > 0) m.crossingsOut.inc(c.crossingsOut);
  m.ingestBatchSeconds.observe(c.seconds);
}

export function ingestWriteConflict(): void {
  metrics().ingestWriteConflicts.inc();
}

export type JobOutcome = "ok" | "failed" | "skipped";

export function jobRan(job: string, outcome: JobOutcome, seconds: number, finishedAt = Date.now()) {
  const m = metrics();
  m.jobRuns.inc({ job, outcome });
  if (outcome === "skipped") return;
  m.jobSeconds.observe({ job, outcome }, seconds);
  if (outcome === "ok") m.jobLastSuccess.set({ job }, finishedAt / 1000);
}

export function sseClientConnected(): void {
  metrics().sse.open++;
}

/** Call exactly once per connected stream, however it ends. */
export function sseClientDisconnected(): void {
  metrics().sse.open--;
}

/** Streams open right now on this instance. */
export function sseClientCount(): number {
  return metrics().sse.open;
}

export type WebhookOutcome = "delivered" | "failed" | "dead";

export function webhookDelivered(outcome: WebhookOutcome): void {
  metrics().webhookDeliveries.inc({ outcome });
}
