/** Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html). */

export function sseEvent(id: string, name: string, data: unknown): string {
  // JSON.stringify never emits a raw newline, so the data is one `data:` line.
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;

/** A comment line: ignored by clients, keeps proxies and idle timeouts from closing the stream. */
export const sseComment = (text: string) => `: ${text}\n\n`;
