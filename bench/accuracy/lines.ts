// The virtual lines of the real sequences, placed by hand over the ground-truth anchor density
// (bottom-centre of the boxes, plotted over the whole sequence). Each sequence gets several
// orientations, every one across a walkway that the GT tracks actually use.

import type { InSide } from "@/lib/counting/types";
import type { Segment } from "./geometry";

export interface BenchLine extends Segment {
  id: string;
  inSide: InSide;
  anchor: "bottom_center";
  /** Why it is there: which flow of people it cuts. */
  why: string;
}

function line(
  id: string,
  [x1, y1, x2, y2]: [number, number, number, number],
  inSide: InSide,
  why: string,
): BenchLine {
  return { id, x1, y1, x2, y2, inSide, anchor: "bottom_center", why };
}

export const SEQUENCE_LINES: Readonly<Record<string, readonly BenchLine[]>> = {
  // A square seen from the side: walkers cross left↔right and down-right in the lower half; small,
  // jittery people stand and mill about by the far fountain (y ≈ 520–560).
  "MOT17-02": [
    line("v1000", [1000, 600, 1000, 1080], "right", "vertical, across the left↔right flow"),
    line("v1500", [1500, 600, 1500, 1080], "left", "vertical, the same flow further right"),
    line("h800", [450, 800, 1800, 800], "right", "horizontal, cuts the walkers heading down-right"),
    line("diag", [1350, 560, 1050, 1080], "left", "diagonal, across the down-right flow"),
    line("far", [800, 480, 800, 600], "right", "vertical, distant small people by the fountain"),
  ],
  // A pedestrian street from high up: a dense up↔down stream on the left (x ≈ 300–650), people
  // standing in groups at its top, a second stream in the middle and a diagonal one top-right.
  "MOT17-04": [
    line("hLeft", [150, 500, 750, 500], "right", "horizontal, across the busy left stream"),
    line("hTopL", [300, 300, 650, 300], "left", "horizontal, the left stream where groups stand"),
    line("hLow", [200, 950, 1500, 950], "right", "horizontal, near the camera, big boxes"),
    line("hMid", [750, 600, 1400, 600], "left", "horizontal, across the middle walkers"),
    line("diag", [1500, 600, 1900, 250], "right", "diagonal, across the top-right stream"),
    line("v1000", [1000, 100, 1000, 1000], "right", "vertical, cuts the long diagonal walkers"),
  ],
  // A shop front: nearly everyone walks lower-left ↔ upper-right along the pavement.
  "MOT17-09": [
    line("v900", [900, 600, 900, 1080], "right", "vertical, across the pavement flow"),
    line("v1200", [1200, 600, 1200, 1080], "left", "vertical, the same flow further right"),
    line("v1500", [1500, 560, 1500, 1080], "left", "vertical, nearer the shop door"),
    line("diag", [550, 1080, 750, 700], "right", "diagonal, across the flow near the left edge"),
  ],
  // 640×480 street scenes, people walk left↔right between y ≈ 220 and 470.
  "TUD-Stadtmitte": [
    line("v320", [320, 180, 320, 420], "right", "vertical, mid-frame across the pavement"),
    line("v450", [450, 180, 450, 400], "left", "vertical, where the right-hand tracks overlap"),
    line("v550", [550, 180, 550, 400], "right", "vertical, near the right edge"),
    line("diag", [470, 180, 420, 420], "left", "diagonal, across the same flow"),
  ],
  "TUD-Campus": [
    line("v250", [250, 300, 250, 480], "right", "vertical, left part of the path"),
    line("v320", [320, 280, 320, 480], "right", "vertical, mid-frame across the path"),
    line("v550", [550, 300, 550, 480], "left", "vertical, right part of the path"),
    line("diag", [180, 300, 230, 480], "left", "diagonal, across the path on the left"),
  ],
};
