import { describe, expect, it } from "vitest";
import { periodStart } from "./period";

const at = (iso: string) => Date.parse(iso);

describe("periodStart", () => {
  it("is local midnight when the facility has no reset time", () => {
    expect(periodStart(at("2026-11-24T10:00:00Z"), "Europe/Berlin", null)).toBe(
      at("2026-11-23T23:00:00Z"),
    );
    expect(periodStart(at("2026-11-24T10:00:00Z"), "Asia/Kathmandu", null)).toBe(
      at("2026-11-23T18:15:00Z"),
    );
  });

  it("is the latest reset at the local reset time, the day before when not yet reached", () => {
    expect(periodStart(at("2026-11-24T01:30:00Z"), "Europe/Berlin", "03:00")).toBe(
      at("2026-11-23T02:00:00Z"),
    );
    expect(periodStart(at("2026-11-24T02:30:00Z"), "Europe/Berlin", "03:00")).toBe(
      at("2026-11-24T02:00:00Z"),
    );
  });

  it("follows daylight-saving changes: local midnight after the autumn change", () => {
    // 2026-10-25 is 25 hours long in Berlin; the next midnight is at UTC+1.
    expect(periodStart(at("2026-10-25T23:30:00Z"), "Europe/Berlin", null)).toBe(
      at("2026-10-25T23:00:00Z"),
    );
    expect(periodStart(at("2026-10-25T12:00:00Z"), "Europe/Berlin", null)).toBe(
      at("2026-10-24T22:00:00Z"),
    );
  });
});
