import { onOccupancyChange } from "@/lib/occupancy/changes";
import { publishOccupancyChange } from "./occupancy";

// Imported once at server start (lib/operations/startup.ts): every replay's occupancy change
// becomes a live event. The listener list lives on globalThis, so every bundle shares it.
const registered = Symbol.for("footfall.occupancy-events-registered");
const g = globalThis as typeof globalThis & { [registered]?: true };
if (!g[registered]) {
  g[registered] = true;
  onOccupancyChange(publishOccupancyChange);
}
