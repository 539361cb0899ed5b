import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock } from "./data-dir-lock";

describe("the data directory lock", () => {
  it("refuses a directory held by a live process and takes over a stale lock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "footfall-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(path.join(dir, "footfall.lock"), String(holder.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
    } finally {
      holder.kill();
      await new Promise((r) => holder.once("exit", r));
    }
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "footfall.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "footfall.lock"))).toBe(false);
  });
});
