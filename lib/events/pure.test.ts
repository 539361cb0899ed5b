import { describe, expect, it } from "vitest";
import { cursorOf, persistedId, transientId } from "./event-id";
import { sseComment, sseEvent, sseRetry } from "./sse";
import type { FootfallEvent } from "./types";
import { decode, encode } from "./wire";

const alert: FootfallEvent = {
  type: "alert",
  facility_id: "fac_1",
  action: "opened",
  alert: { id: "alr_1", message: "line one\nline two" },
  at: "2026-11-30T10:00:00.000Z",
};

describe("event ids", () => {
  it("carry the persisted-event cursor a reconnect resumes from", () => {
    expect(cursorOf(persistedId(42))).toBe(42);
    expect(cursorOf(transientId(42, 7))).toBe(42);
    expect(cursorOf(" 0-0 ")).toBe(0);
  });
  it("refuse what is not one of ours", () => {
    for (const id of ["", "abc", "-1", "1-", "1-a-b", "1e5", "12345678901234567", "1-\n"]) {
      expect(cursorOf(id), id).toBeNull();
    }
  });
});

describe("SSE framing", () => {
  it("puts an event on id, event and one data line", () => {
    expect(sseEvent("3", "alert", alert)).toBe(
      `id: 3\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`,
    );
    expect(sseEvent("3", "alert", alert).split("\n")).toHaveLength(5);
    expect(sseRetry(3000)).toBe("retry: 3000\n\n");
    expect(sseComment("heartbeat")).toBe(": heartbeat\n\n");
  });
});

describe("NOTIFY payloads", () => {
  it("carry small events whole, with their row id when persisted", () => {
    expect(decode(encode(alert, 9))).toEqual({ r: 9, e: alert });
    expect(decode(encode(alert))).toEqual({ e: alert });
  });
  it("carry only the row id of an event too large for NOTIFY", () => {
    const big = { ...alert, alert: { note: "x".repeat(10_000) } };
    const payload = encode(big, 9);
    expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(decode(payload)).toEqual({ r: 9 });
    expect(() => encode({ ...big })).toThrow();
  });
  it("ignore what they cannot read", () => {
    for (const p of ["", "nope", "null", "{}", '{"r":"1"}']) expect(decode(p), p).toBeNull();
  });
});
