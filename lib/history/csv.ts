import type { HistoryBucketDto, HistoryDto } from "@/lib/api/schemas/history";

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
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line, after any leading columns of the caller's (which entity a row is about). */
export function csvHeader(leading: readonly string[] = []): string {
  return `${[...leading, ...columns].join(",")}\n`;
}

/** One bucket as a CSV line: local times, with their UTC offset in a column of its own. */
export function csvRow(b: HistoryBucketDto, leading: readonly unknown[] = []): string {
  const row = { ...b, utc_offset: b.start.slice(19) } as Record<string, unknown>;
  return `${[...leading.map(cell), ...columns.map((c) => cell(row[c]))].join(",")}\n`;
}

/** A CSV body streamed from lines produced on demand, so a long export never sits in memory. */
export function csvStream(lines: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export function csvResponse(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

/** One report's lines. */
export async function* historyCsvLines(history: HistoryDto): AsyncGenerator<string> {
  yield csvHeader();
  for (const b of history.buckets) yield csvRow(b);
}
