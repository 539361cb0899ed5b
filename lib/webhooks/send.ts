import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkWebhookUrl, isPrivateAddress } from "./address-policy";

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * Resolves like the default lookup, then refuses private addresses. Checking here, at connect
 * time, also defeats a name that resolves to a public address when registered and a private one
 * later (DNS rebinding).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, "", 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const refused = Object.assign(new Error(`${hostname} resolves to a private address`), {
        code: "EPRIVATEADDRESS",
      });
      return callback(refused, "", 0);
    }
    if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** One POST; never throws. Redirects are not followed (a 3xx is a failure). */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  const problem = checkWebhookUrl(url, opts.allowPrivate);
  if (problem)
    return Promise.resolve({ ok: false, status: null, error: `url refused: ${problem}` });
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        ...(opts.allowPrivate ? {} : { lookup: guardedLookup }),
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < 200) text += chunk;
        });
        res.on("end", () => {
          const ok = status >= 200 && status < 300;
          finish({
            ok,
            status,
            error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`,
          });
        });
        res.on("error", (e) => finish({ ok: false, status, error: e.message }));
      },
    );
    const deadline = setTimeout(() => {
      req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on("error", (e) => finish({ ok: false, status: null, error: e.message.slice(0, 300) }));
    req.end(body);
  });
}
