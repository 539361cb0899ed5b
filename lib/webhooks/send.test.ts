import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { guardedLookup, postWebhook } from "./send";

describe("postWebhook", () => {
  it("refuses a name that resolves to a private address at connect time (SSRF)", async () => {
    // "localhost" itself is refused at registration; the lookup guards every other name.
    for (const all of [true, false]) {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        guardedLookup("localhost", { all }, (err) => resolve(err)),
      );
      expect(error?.message).toContain("private address");
    }
    const server = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const refused = await postWebhook(
        `http://127.0.0.1:${port}/x`,
        "{}",
        {},
        {
          timeoutMs: 2000,
          allowPrivate: false,
        },
      );
      expect(refused).toEqual({ ok: false, status: null, error: "url refused: private" });
      const allowed = await postWebhook(
        `http://127.0.0.1:${port}/x`,
        "{}",
        {},
        {
          timeoutMs: 2000,
          allowPrivate: true,
        },
      );
      expect(allowed).toEqual({ ok: true, status: 200, error: null });
    } finally {
      server.close();
    }
  });

  it("gives up on a receiver that does not answer in time, and never follows redirects", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/slow") return; // never answers
      res.writeHead(302, { location: "/elsewhere" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const slow = await postWebhook(
        `http://127.0.0.1:${port}/slow`,
        "{}",
        {},
        {
          timeoutMs: 300,
          allowPrivate: true,
        },
      );
      expect(slow.ok).toBe(false);
      expect(slow.error).toContain("no answer within 300 ms");
      const moved = await postWebhook(
        `http://127.0.0.1:${port}/moved`,
        "{}",
        {},
        {
          timeoutMs: 2000,
          allowPrivate: true,
        },
      );
      expect(moved).toMatchObject({ ok: false, status: 302 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
