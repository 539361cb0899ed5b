/**
 * npm run bench:ingest — the built app under ingest load: 16 cameras of one facility, each posting
 * batches of 10 frames × 20 walking people, one batch at a time per camera (the protocol), all
 * cameras concurrently, for 30 s. Prints detections/s, requests/s, p50/p99 and then verifies the
 * counts against the engine run locally over exactly the frames that were acknowledged.
 *
 * Options: --db=postgres|pglite|both (default both), --seconds=30, --cameras=16, --frames=10,
 * --url=http://host:port to load a server that is already running, --instances=N app instances
 * on PostgreSQL (cameras spread over them, each camera sticking to one).
 * PostgreSQL: DATABASE_URL, or postgres://footfall:footfall@127.0.0.1:5432/footfall_bench.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processFrames, resolveCountingParams } from "@/lib/counting";
import type { CountingLine, EngineState, Frame } from "@/lib/counting/types";
import { zoneNearNoon } from "../e2e/support/time";
import { startServer } from "./ingest/server";
import { crowd } from "./ingest/walkers";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;

const seconds = Number(arg("seconds", "30"));
const cameraCount = Number(arg("cameras", "16"));
const framesPerBatch = Number(arg("frames", "10"));
const people = 20;
const fps = 10;
const which = arg("db", "both");
// PostgreSQL only: PGlite is one process by design.
const instances = Number(arg("instances", "1"));
const pgUrl =
  process.env.DATABASE_URL ?? "postgres://footfall:footfall@127.0.0.1:5432/footfall_bench";

const door = { x1: 960, y1: 40, x2: 960, y2: 1060 };

async function json(url: string, init?: RequestInit) {
  const res = await fetch(url, { ...init, headers: { ...auth, ...init?.headers } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}
const postJson = (url: string, data: unknown) =>
  json(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(data),
  });

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const external = arg("url", "");
// With --url, the running server's bootstrap key comes from FOOTFALL_BOOTSTRAP_API_KEY.
const key = process.env.FOOTFALL_BOOTSTRAP_API_KEY ?? `bench-${randomUUID()}`;
const auth = { authorization: `Bearer ${key}` };

async function run(label: string, env: Record<string, string>, instances = 1) {
  // --url=http://… measures a server that is already running (e.g. under a profiler).
  const servers = external
    ? [{ url: external, stop: () => {} }]
    : await Promise.all(
        Array.from({ length: instances }, (_, i) => startServer(3200 + i, env, key)),
      );
  const url = servers[0]!.url;
  const stop = () => {
    for (const server of servers) server.stop();
  };
  try {
    const api = `${url}/api/occupancy`;
    // The cameras post with an ingest key of their own, as an edge box would.
    const ingestKey = (
      await postJson(`${url}/api/admin/keys`, { name: "bench edge box", capabilities: ["ingest"] })
    ).key as string;
    const facility = await postJson(`${api}/facilities`, {
      name: `Bench ${Date.now()}`,
      timezone: zoneNearNoon(),
    });
    const cameras: { id: string; line: CountingLine }[] = [];
    for (let c = 0; c < cameraCount; c++) {
      const camera = await postJson(`${api}/cameras`, {
        name: `Bench cam ${c}`,
        facility_id: facility.id,
      });
      const line = await postJson(`${api}/lines`, { camera_id: camera.id, name: "Door", ...door });
      cameras.push({
        id: camera.id,
        line: {
          id: line.id,
          ...door,
          inSide: "right",
          anchor: "bottom_center",
          revision: `${line.revision}:1920x1080`,
          params: resolveCountingParams(1920, 1080, null),
        },
      });
    }

    const latencies: number[] = [];
    let detections = 0;
    let serverCrossings = 0;
    const expected = { entries: 0, exits: 0 };
    let mismatched = 0;
    const startMs = Date.now() - 40 * 60_000;
    const deadline = Date.now() + seconds * 1000;
    const began = performance.now();

    await Promise.all(
      cameras.map(async (camera, c) => {
        const next = crowd(1000 + c, people, fps);
        let state: EngineState | null = null;
        let frameNo = 0;
        while (Date.now() < deadline) {
          const frames: Frame[] = [];
          for (let i = 0; i < framesPerBatch; i++)
            frames.push(next(startMs + c * 7 + frameNo++ * (1000 / fps)));
          const body = JSON.stringify({
            frames: frames.map((f) => ({
              ts: f.ts,
              detections: f.detections.map((d) => ({
                track_id: d.trackId,
                bbox: d.bbox,
                confidence: 0.9,
              })),
            })),
          });
          const t = performance.now();
          // A load balancer with sticky routing: each camera talks to one instance.
          const base = `${servers[c % servers.length]!.url}/api/occupancy`;
          const res = await fetch(`${base}/cameras/${camera.id}/frames`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${ingestKey}` },
            body,
          });
          const answer = await res.json();
          latencies.push(performance.now() - t);
          if (!res.ok) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(answer)}`);
          detections += frames.length * people;
          serverCrossings += answer.crossings.length;
          // The same frames through the engine here: the server must agree crossing for crossing.
          const local = processFrames([camera.line], state, frames);
          state = local.state;
          for (const x of local.crossings) expected[x.direction === "in" ? "entries" : "exits"]++;
          if (local.crossings.length !== answer.crossings.length) mismatched++;
        }
      }),
    );
    const elapsed = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);

    const live = await json(`${api}/facilities/${facility.id}/live`);
    const countsOk =
      live.entries === expected.entries && live.exits === expected.exits && mismatched === 0;
    console.log(`\n${label}`);
    console.log(
      `  requests         ${latencies.length} in ${elapsed.toFixed(1)} s (${cameraCount} cameras, ${framesPerBatch} frames × ${people} people)`,
    );
    console.log(`  detections/s     ${Math.round(detections / elapsed).toLocaleString("en")}`);
    console.log(`  requests/s       ${(latencies.length / elapsed).toFixed(0)}`);
    console.log(
      `  latency p50/p99  ${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    console.log(
      `  crossings        ${serverCrossings} (in ${expected.entries}, out ${expected.exits})`,
    );
    console.log(
      `  verified         ${countsOk ? "yes" : "NO"}: facility live in/out ${live.entries}/${live.exits}, engine here ${expected.entries}/${expected.exits}, batches disagreeing ${mismatched}`,
    );
    return { detectionsPerSecond: detections / elapsed, p99: percentile(latencies, 99), countsOk };
  } finally {
    stop();
  }
}

async function main() {
  console.log(
    `bench:ingest — ${os.cpus().length} cores, Node ${process.version}, ${seconds} s per database`,
  );
  const results = [];
  if (which === "postgres" || which === "both") {
    const label = `PostgreSQL (${pgUrl.replace(/:[^:@]*@/, ":…@")}), ${instances} app instance${instances > 1 ? "s" : ""}`;
    results.push(await run(label, { DATABASE_URL: pgUrl }, instances));
  }
  if (which === "pglite" || which === "both") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "footfall-bench-"));
    const env: Record<string, string> = { FOOTFALL_DATA_DIR: dir, DATABASE_URL: "" };
    results.push(await run("PGlite (embedded)", env));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const pg = results[0];
  if (pg && (which === "postgres" || which === "both")) {
    const met = pg.detectionsPerSecond >= 50_000 && pg.p99 < 100;
    console.log(
      `\ntarget on PostgreSQL: ≥ 50,000 detections/s with p99 < 100 ms — ${met ? "met" : "not met"}`,
    );
  }
  if (results.some((r) => !r.countsOk)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
