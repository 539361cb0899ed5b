import type { Frame } from "@/lib/counting/types";
import { mulberry32 } from "../support/prng";

interface Walker {
  id: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * A camera's crowd: `people` walkers on a 1920×1080 frame, each crossing it left↔right at walking
 * speed with some vertical drift and box jitter; one who leaves is replaced by a new track.
 */
export function crowd(seed: number, people: number, fps = 10) {
  const rand = mulberry32(seed);
  let nextId = 1;
  const spawn = (anywhere: boolean): Walker => {
    const leftToRight = rand() < 0.5;
    const speed = (120 + rand() * 160) / fps; // px per frame
    return {
      id: nextId++,
      x: anywhere ? 100 + rand() * 1720 : leftToRight ? 20 : 1900,
      y: 350 + rand() * 600,
      vx: leftToRight ? speed : -speed,
      vy: (rand() - 0.5) * (40 / fps),
    };
  };
  const walkers = Array.from({ length: people }, () => spawn(true));
  return (ts: number): Frame => {
    const detections = walkers.map((w, i) => {
      w.x += w.vx;
      w.y += w.vy;
      if (w.x < 10 || w.x > 1910 || w.y < 250 || w.y > 1070) walkers[i] = spawn(false);
      const jx = (rand() - 0.5) * 4;
      const jy = (rand() - 0.5) * 4;
      return {
        trackId: String(walkers[i]!.id),
        bbox: [w.x - 35 + jx, w.y - 170 + jy, w.x + 35 + jx, w.y + jy] as const,
        confidence: 0.9,
      };
    });
    return { ts, detections };
  };
}
