/** A small Server-Sent Events reader over fetch, for the stream specs. */

export interface SseMessage {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
  retry?: number;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** Every message received so far (comments included). */
  messages: SseMessage[];
  /** Resolves with the first message (from the start) matching, or rejects after `ms`. */
  next(match: (m: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** Waits `ms` and returns the messages that arrived meanwhile. */
  during(ms: number): Promise<SseMessage[]>;
  close(): void;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
}

function parse(block: string): SseMessage {
  const m: SseMessage = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) m.comment = line.slice(1).trim();
    else if (line.startsWith("id: ")) m.id = line.slice(4);
    else if (line.startsWith("event: ")) m.event = line.slice(7);
    else if (line.startsWith("data: ")) m.data = JSON.parse(line.slice(6));
    else if (line.startsWith("retry: ")) m.retry = Number(line.slice(7));
  }
  return m;
}

export async function connect(
  url: string,
  headers: Record<string, string>,
  accept = "text/event-stream",
): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept, ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          messages.push(parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
        wake();
      }
    } catch {
      // aborted by close()
    }
    wake();
  })();
  return {
    status: res.status,
    headers: res.headers,
    messages,
    ended,
    next(match, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(messages)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    async during(ms) {
      const from = messages.length;
      await new Promise((r) => setTimeout(r, ms));
      return messages.slice(from);
    },
    close() {
      abort.abort();
    },
  };
}
