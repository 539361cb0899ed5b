import type { Executor } from "@/db/client";
import type { Entity } from "./ledger";

/** A replay changed an entity's live occupancy (crossings, a late backlog, a calibration, a reset). */
export interface OccupancyChange {
  entity: Entity;
  previous: number;
  occupancy: number;
  /** When the change was applied (ms), not the event time of the inputs. */
  at: number;
}

type Listener = (tx: Executor, change: OccupancyChange) => Promise<void>;

const key = Symbol.for("footfall.occupancy-listeners");
type WithListeners = typeof globalThis & { [key]?: Listener[] };

function listeners(): Listener[] {
  const g = globalThis as WithListeners;
  g[key] ??= [];
  return g[key];
}

/**
 * Registers work to run in the replay's own transaction, with the entity still locked (so
 * listeners for one entity never race each other). Alerts and the outbox hang off this.
 */
export function onOccupancyChange(listener: Listener): void {
  if (!listeners().includes(listener)) listeners().push(listener);
}

export async function notifyOccupancyChange(tx: Executor, change: OccupancyChange): Promise<void> {
  for (const listener of listeners()) await listener(tx, change);
}
