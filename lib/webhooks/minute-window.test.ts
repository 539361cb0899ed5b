import { describe, expect, it } from "vitest";
import { minuteWindow } from "./minute-window";

const at = (hhmmss: string) => Date.parse(`2026-11-30T${hhmmss}Z`);
const base = { delayMs: 10_000, maxCatchUp: 60, subscribedSince: at("06:00:00") };

describe("minuteWindow", () => {
  it("summarises a minute once the delay after its end has passed, and only once", () => {
    const cursor = at("09:58:00");
    expect(minuteWindow({ ...base, cursor, now: at("10:00:09") })).toBeNull();
    expect(minuteWindow({ ...base, cursor, now: at("10:00:10") })).toEqual({
      from: at("09:59:00"),
      to: at("09:59:00"),
    });
    expect(minuteWindow({ ...base, cursor: at("09:59:00"), now: at("10:00:59") })).toBeNull();
  });

  it("starts with the minute before the first endpoint was created", () => {
    const w = minuteWindow({
      ...base,
      cursor: null,
      subscribedSince: at("10:00:30"),
      now: at("10:00:31"),
    });
    expect(w).toEqual({ from: at("09:59:00"), to: at("09:59:00") });
  });

  it("catches up at most maxCatchUp minutes after an outage", () => {
    const w = minuteWindow({ ...base, cursor: at("07:00:00"), now: at("10:00:10") });
    expect(w).toEqual({ from: at("09:00:00"), to: at("09:59:00") });
  });
});
