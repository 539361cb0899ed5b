import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";

/** Builds the app once if needed, then starts `next start` in its own process group. */
export async function startServer(port: number, env: Record<string, string>, key: string) {
  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("building the app (next build)…");
    execSync("npx next build", {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
  const child: ChildProcess = spawn(
    "npx",
    ["next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        FOOTFALL_LOG_LEVEL: "error",
        FOOTFALL_BOOTSTRAP_API_KEY: key,
        // One key posts for all 16 cameras here; the default per-key limit is for one edge box.
        FOOTFALL_INGEST_RATE: "100000",
        FOOTFALL_INGEST_BURST: "100000",
        FOOTFALL_INGEST_RATE_PER_IP: "100000",
        FOOTFALL_INGEST_BURST_PER_IP: "100000",
        ...env,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone already
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error("server did not become ready");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop };
}
