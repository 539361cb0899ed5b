// Plain aligned text tables.

export type Align = "l" | "r";

export interface Column {
  title: string;
  align: Align;
}

export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r[i] ?? "").length)),
  );
  const cell = (text: string, i: number): string => {
    const w = widths[i]!;
    return columns[i]!.align === "l" ? text.padEnd(w) : text.padStart(w);
  };
  const line = (cells: readonly string[]): string =>
    columns
      .map((_, i) => cell(cells[i] ?? "", i))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join("\n");
}

export function cols(spec: string): Column[] {
  // "name:l count:r ..." → columns; titles may not contain spaces (use "_" for a space).
  return spec.split(" ").map((s) => {
    const [title, align] = s.split(":");
    return { title: (title ?? "").replaceAll("_", " "), align: align === "l" ? "l" : "r" };
  });
}

export function pct(v: number): string {
  if (!Number.isFinite(v)) return "∞";
  return `${v.toFixed(1)}%`;
}
