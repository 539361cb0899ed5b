import { describe, expect, it } from "vitest";
import { safeNextPath } from "./redirect";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/account")).toBe("/account");
    expect(safeNextPath("/docs?x=1#y")).toBe("/docs?x=1#y");
    expect(safeNextPath(["/a", "/b"])).toBe("/a");
  });
  it("refuses anything that could leave the site", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "account",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/\tevil",
    ]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });
});
