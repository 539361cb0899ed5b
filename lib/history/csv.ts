import type { HistoryDto } from "@/lib/api/schemas/history";

const columns = [
  "start",
  "end",
  "utc_offset",
  "date",
  "month",
  "entries",
  "exits",
  "net",
  "occupancy_avg",
  "occupancy_integral",
  "occupancy_min",
  "occupancy_min_at",
  "occupancy_max",
  "occupancy_max_at",
  "minutes_over_capacity",
  "coverage",
  "has_data",
  "adjusted",
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV row per bucket, local times with their UTC offset in a column of its own. */
export function historyCsv(history: HistoryDto): string {
  const lines = [columns.join(",")];
  for (const b of history.buckets) {
    const row = { ...b, utc_offset: b.start.slice(19) } as Record<string, unknown>;
    lines.push(columns.map((c) => cell(row[c])).join(","));
  }
  return `${lines.join("\n")}\n`;
}
