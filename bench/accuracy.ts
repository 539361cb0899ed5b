// Counting-accuracy benchmark: real pedestrian tracks (MOT17, TUD) and synthetic noisy cases
// through the counting engine, against ground-truth crossings computed without the engine.
//
//   npm run bench:accuracy            the tables, with the engine's default parameters
//   npx tsx bench/accuracy.ts --sweep a grid of parameters, to tune the defaults
//
// Data: FOOTFALL_TRACKS_DIR, else ../shared/data/tracks from the project root. The MOT17 files are
// read from there at run time only (non-commercial licence: never copy them into the project).
// Besides the error on all truth crossings, the real sources are scored on the crossings the tracker
// actually saw (rule in bench/accuracy/seen.ts): most MOT17 misses are people the trackers never
// reported, which no counting engine can recover.
// A benchmark, not a test: exits 0 whatever the numbers.

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCountingParams } from "@/lib/counting";
import { loadRealSequences, type RealSequence } from "./accuracy/datasets";
import { type EvalCase, evaluateCase, realCases, syntheticEvalCases } from "./accuracy/evaluate";
import { describeParams, specMatchesDefaults } from "./accuracy/params";
import {
  linesTable,
  occludedTruth,
  realTable,
  SEEN_RULE,
  seenTable,
  summaryTable,
  syntheticCasesTable,
  syntheticTable,
  truthSensitivity,
} from "./accuracy/report";
import { APP_LIKE } from "./accuracy/run";
import { sweepReport } from "./accuracy/sweep";
import { type SyntheticCase, syntheticCases } from "./accuracy/synthetic";
import { TRUTH_MARGIN_FRACTION } from "./accuracy/truth";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function tracksDir(): string {
  const env = process.env.FOOTFALL_TRACKS_DIR;
  return env ? path.resolve(env) : path.resolve(ROOT, "../shared/data/tracks");
}

function heading(text: string): void {
  console.log(`\n=== ${text} ${"=".repeat(Math.max(0, 96 - text.length))}\n`);
}

function loadReal(): RealSequence[] {
  const dir = tracksDir();
  if (!existsSync(dir)) {
    console.log(`SKIP real sequences: tracks folder not found at ${dir}`);
    console.log(
      "  (set FOOTFALL_TRACKS_DIR to the folder holding trackeval-mot17/, pymotmetrics-tud/, ...)",
    );
    return [];
  }
  const { sequences, skipped } = loadRealSequences(dir);
  console.log(`Tracks: ${dir}`);
  for (const s of skipped) console.log(`SKIP ${s}`);
  return sequences;
}

function printDefaults(): void {
  for (const [w, h] of [
    [1920, 1080],
    [640, 480],
  ] as const) {
    console.log(`Engine defaults at ${w}×${h}: ${describeParams(defaultCountingParams(w, h))}`);
  }
  console.log(
    `Truth margin: ${TRUTH_MARGIN_FRACTION * 100}% of the diagonal (rule in bench/accuracy/truth.ts); ` +
      "err = Σ|engine − truth| over in and out ÷ Σ truth; miss/extra: time-matched within ±1 s.",
  );
}

function runDefault(
  real: readonly RealSequence[],
  realEval: readonly EvalCase[],
  synthCases: readonly SyntheticCase[],
): void {
  const withDefaults = (c: EvalCase) =>
    evaluateCase(c, defaultCountingParams(c.width, c.height), APP_LIKE);
  if (real.length > 0) {
    heading("Lines");
    console.log(linesTable(real));
    console.log(`\n${truthSensitivity(real)}`);
    const occluded = occludedTruth(real);
    if (occluded !== null) console.log(occluded);
    const rows = realEval.flatMap(withDefaults);
    heading(
      "Real sequences: sequence × line × source (engine with default params; naive baseline)",
    );
    console.log(realTable(rows));
    heading("Real sequences: totals per source");
    console.log(summaryTable(rows, (r) => r.evalCase.source, "source"));
    console.log("");
    console.log(
      summaryTable(
        rows.filter((r) => r.evalCase.kind === "tracker"),
        (r) => r.evalCase.group,
        "trackers_on",
        "all trackers",
      ),
    );
    heading("Real sequences: crossings the tracker saw (all vs seen)");
    console.log(`${SEEN_RULE}\n`);
    console.log(
      seenTable(
        rows,
        (r) => r.evalCase.source,
        "source",
        "all trackers",
        (r) => r.evalCase.kind === "tracker",
      ),
    );
    console.log("");
    console.log(
      seenTable(
        rows.filter((r) => r.evalCase.kind === "tracker"),
        (r) => `${r.evalCase.group}/${r.evalCase.source}`,
        "sequence/source",
      ),
    );
  }
  heading("Synthetic cases (seeded; truth known by construction; each at 1920×1080 and 640×480)");
  console.log(syntheticCasesTable(synthCases));
  console.log("");
  const rows = syntheticEvalCases(synthCases).flatMap(withDefaults);
  console.log(syntheticTable(rows));
  heading("Synthetic: totals per case");
  console.log(
    summaryTable(rows, (r) => r.evalCase.group.replace(/@\d+p$/, ""), "case", "all synthetic"),
  );
}

function main(): void {
  const sweep = process.argv.includes("--sweep");
  console.log(`Footfall counting accuracy${sweep ? " — parameter sweep" : ""}`);
  printDefaults();
  for (const [w, h] of [
    [1920, 1080],
    [640, 480],
  ] as const) {
    if (!specMatchesDefaults(w, h))
      console.log(`NOTE: sweep scaling differs from the engine's defaults at ${w}×${h}`);
  }
  const real = loadReal();
  const realEval = realCases(real);
  const synth = syntheticCases();
  if (sweep) {
    heading("Sweep over the real tracker outputs and the synthetic cases");
    if (realEval.length === 0) console.log("(no real data: synthetic cases only)");
    console.log(sweepReport([...realEval, ...syntheticEvalCases(synth)]));
    return;
  }
  runDefault(real, realEval, synth);
}

main();
