import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests of use cases open their own in-memory PGlite (or the DATABASE_URL server).
    env: { NODE_ENV: "test" },
    root: path.resolve(import.meta.dirname),
  },
});
