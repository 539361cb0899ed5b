import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const usePostgres = Boolean(process.env.DATABASE_URL);
/** The test server accepts this as an admin key; tests that need no or other credentials say so. */
export const bootstrapKey = "test-bootstrap-key-0123456789";
const asAdmin = { authorization: `Bearer ${bootstrapKey}` };

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: { baseURL, trace: "off", extraHTTPHeaders: asAdmin },
  projects: [
    { name: "api", testMatch: "api/**/*.spec.ts" },
    // Several app instances on one PostgreSQL server: only meaningful with DATABASE_URL.
    ...(usePostgres ? [{ name: "postgres", testMatch: "postgres/**/*.spec.ts" }] : []),
    {
      name: "ui",
      testMatch: "ui/**/*.spec.ts",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      FOOTFALL_LOG_LEVEL: "warn",
      FOOTFALL_BOOTSTRAP_API_KEY: bootstrapKey,
      // Low, so the ingest limit can be seen (the bootstrap key the other tests use is exempt).
      FOOTFALL_INGEST_RATE: "5",
      FOOTFALL_INGEST_BURST: "10",
      // Tests post frames on fixed dates: keep raw data long enough that they stay accepted.
      FOOTFALL_RETENTION_DAYS: "3650",
      // Webhook receivers in the tests listen on 127.0.0.1; retries come within a second or so.
      FOOTFALL_WEBHOOK_ALLOW_PRIVATE: "1",
      FOOTFALL_WEBHOOK_BACKOFF_MS: "200,1000",
      ...(usePostgres ? {} : { FOOTFALL_DATA_DIR: "memory" }),
    },
  },
});
