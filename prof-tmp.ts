import { IngestBatch } from "@/lib/api/schemas/ingest";
import { processFrames, resolveCountingParams } from "@/lib/counting";
import { crowd } from "./bench/ingest/walkers";

const next = crowd(1, 20, 10);
const line = {
  id: "l",
  x1: 960,
  y1: 40,
  x2: 960,
  y2: 1060,
  inSide: "right" as const,
  anchor: "bottom_center" as const,
  revision: "1",
  params: resolveCountingParams(1920, 1080, null),
};
let state: any = null;
let t = performance.now();
const batches = [];
for (let b = 0; b < 300; b++) {
  const fr = [];
  for (let i = 0; i < 10; i++) fr.push(next(1e12 + (b * 10 + i) * 100));
  batches.push(fr);
}
t = performance.now();
for (const fr of batches) {
  const r = processFrames([line], state ? JSON.parse(JSON.stringify(state)) : null, fr);
  state = r.state;
}
console.log(
  "engine+json per batch ms",
  (performance.now() - t) / 300,
  JSON.stringify(state).length,
);
const bodies = batches.map((fr) =>
  JSON.stringify({
    frames: fr.map((f) => ({
      ts: f.ts,
      detections: f.detections.map((d) => ({ track_id: d.trackId, bbox: d.bbox, confidence: 0.9 })),
    })),
  }),
);
t = performance.now();
for (const b of bodies) IngestBatch.parse(JSON.parse(b));
console.log("zod per batch ms", (performance.now() - t) / 300);
