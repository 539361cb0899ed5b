import type { Capability } from "@/lib/api/endpoint";
import { log } from "@/lib/log";
import { ingestRequestAnswered, requestAnswered } from "./registry";

export interface AnsweredRequest {
  method: string;
  /** The endpoint's path template: bounded label values, and no ids in the logs. */
  path: string;
  capability: Capability;
  status: number;
  /** The error code, for error answers. */
  code?: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  requestId: string;
  principalId?: string;
}

/**
 * Counts an answered API request and logs one line for it: at error level for a 5xx, at debug
 * level otherwise (ingest runs at thousands of requests a second; FOOTFALL_LOG_LEVEL=debug shows
 * them all). Never bodies, headers or secrets.
 */
export function requestFinished(r: AnsweredRequest): void {
  requestAnswered(r.method, r.path, r.status);
  if (r.capability === "ingest") ingestRequestAnswered(r.status);
  const level = r.status >= 500 ? "error" : "debug";
  if (!log.isLevelEnabled(level)) return;
  log[level](
    {
      requestId: r.requestId,
      method: r.method,
      path: r.path,
      status: r.status,
      ms: Math.round((performance.now() - r.startedAt) * 10) / 10,
      principal: r.principalId,
      ...(r.code ? { code: r.code } : {}),
    },
    "request",
  );
}
