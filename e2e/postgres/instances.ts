import { type ChildProcess, spawn } from "node:child_process";
import { bootstrapKey } from "../../playwright.config";

/** Starts `next start` instances of the built app on the same DATABASE_URL, like a load balancer's pool. */
export async function startInstances(
  ports: number[],
): Promise<{ urls: string[]; stop: () => void }> {
  const children: ChildProcess[] = ports.map((port) =>
    spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      // Own process group: `npx next` leaves children running when only its pid is killed.
      detached: true,
      stdio: "ignore",
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        FOOTFALL_LOG_LEVEL: "error",
        FOOTFALL_BOOTSTRAP_API_KEY: bootstrapKey,
      },
    }),
  );
  const stop = () => {
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  try {
    await Promise.all(urls.map(waitForHealth));
  } catch (error) {
    stop();
    throw error;
  }
  return { urls, stop };
}

async function waitForHealth(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready`);
}
