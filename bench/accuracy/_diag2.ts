import { loadRealSequences } from "./datasets";
import { signedDistance, anchorOf, along } from "./geometry";
const { sequences } = loadRealSequences("../shared/data/tracks");
const [seqName, src, lineId, tid, t0, t1] = process.argv.slice(2);
const s = sequences.find((q) => q.info.name === seqName)!;
const frames = src === "GT" ? s.gt : s.trackers.find((t) => t.name === src)!.frames;
const line = s.lines.find((l) => l.id === lineId)!;
const parts: string[] = [];
for (const f of frames) {
  if (f.ts < Number(t0) * 1000 || f.ts > Number(t1) * 1000) continue;
  for (const d of f.detections) if (d.trackId === tid) {
    const p = anchorOf(d, "bottom_center");
    parts.push(`${(f.ts / 1000).toFixed(2)}:${signedDistance(line, p).toFixed(0)}@u${along(line, p).toFixed(2)}`);
  }
}
console.log(parts.join(" "));
