import type { CameraSnapshot } from "./snapshot";

/**
 * This process's copies of recently seen cameras. A copy is only ever used under the
 * compare-and-swap on the camera's version, so a stale one costs a reload, never a wrong count.
 */
export class CameraCache {
  private readonly entries = new Map<string, CameraSnapshot>();

  constructor(private readonly capacity: number) {}

  get(cameraId: string): CameraSnapshot | undefined {
    return this.entries.get(cameraId);
  }

  set(snapshot: CameraSnapshot): void {
    this.entries.delete(snapshot.cameraId);
    this.entries.set(snapshot.cameraId, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(cameraId: string): void {
    this.entries.delete(cameraId);
  }
}
