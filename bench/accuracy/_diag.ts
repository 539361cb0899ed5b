import { defaultCountingParams } from "@/lib/counting";
import { loadRealSequences } from "./datasets";
import { realCases } from "./evaluate";
import { runEngine, FAST } from "./run";
import { matchedObservations } from "./seen";
import { signedDistance, anchorOf } from "./geometry";
import { scoreSeen } from "./seen";

const { sequences } = loadRealSequences("../shared/data/tracks");
const cases = realCases(sequences);
const band = Number(process.env.BAND ?? 0.01);
for (const c of cases) {
  if (c.kind !== "tracker") continue;
  const seq = sequences.find((s) => s.info.name === c.group)!;
  const p = { ...defaultCountingParams(c.width, c.height) };
  p.deadBandPx = band * Math.hypot(c.width, c.height);
  const got = runEngine(c.lines, p, c.frames, FAST);
  const obs = matchedObservations(seq.gt, c.frames);
  // tracker id per (ts, box)
  const tid = new Map<string, string>();
  for (const f of c.frames) for (const d of f.detections) tid.set(`${f.ts}:${d.bbox.join(",")}`, d.trackId);
  for (const line of c.lines) {
    const s = scoreSeen(c.truth, c.seen, got, line.id);
    if (s.miss === 0 && s.extra === 0) continue;
    c.truth.forEach((t, i) => {
      if (t.lineId !== line.id || !c.seen![i]) return;
      const hit = got.some((g) => g.lineId === line.id && g.direction === t.direction && Math.abs(g.ts - t.ts) <= 1000);
      if (hit) return;
      console.log(`\nMISS ${c.group}/${c.source} ${line.id} ${t.direction} gt=${t.trackId} t=${(t.ts/1000).toFixed(2)}s band=${p.deadBandPx.toFixed(1)}`);
      const parts: string[] = [];
      for (const o of obs.get(t.trackId) ?? []) {
        if (Math.abs(o.ts - t.ts) > 2500) continue;
        const d = signedDistance(line, anchorOf({ trackId: "", bbox: o.box }, "bottom_center"));
        parts.push(`${(o.ts/1000).toFixed(2)}:${tid.get(`${o.ts}:${o.box.join(",")}`)}:${d.toFixed(0)}:h${(o.box[3]-o.box[1]).toFixed(0)}`);
      }
      console.log(parts.join(" "));
      const near = got.filter((g) => g.lineId === line.id && Math.abs(g.ts - t.ts) <= 3000);
      if (near.length) console.log("  engine near:", near.map((g) => `${g.direction}@${(g.ts/1000).toFixed(2)} ${g.trackId}`).join(", "));
    });
    const extras = got.filter((g) => g.lineId === line.id && !c.truth.some((t) => t.lineId === line.id && t.direction === g.direction && Math.abs(g.ts - t.ts) <= 1000));
    for (const g of extras) console.log(`\nEXTRA ${c.group}/${c.source} ${line.id} ${g.direction} tid=${g.trackId} t=${(g.ts/1000).toFixed(2)}`);
  }
}
