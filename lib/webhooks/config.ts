import type { Backoff } from "./backoff";

export interface WebhookConfig {
  backoff: Backoff;
  /** After this many failed attempts a delivery is dead (kept, listed, retryable by hand). */
  maxAttempts: number;
  timeoutMs: number;
  /** Lets endpoints on loopback/private addresses through the SSRF guard (tests, intranets). */
  allowPrivate: boolean;
  /** How long after a minute ends its crossings are summarised, for camera batches in flight. */
  minuteDelayMs: number;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * FOOTFALL_WEBHOOK_BACKOFF_MS is `base` or `base,cap` (default 30000,3600000): with the default 8
 * attempts a failing endpoint is retried for up to about an hour before its delivery is dead.
 */
export function webhookConfig(
  env: Record<string, string | undefined> = process.env,
): WebhookConfig {
  const [base, cap] = (env.FOOTFALL_WEBHOOK_BACKOFF_MS ?? "").split(",");
  const baseMs = positive(base, 30_000);
  return {
    backoff: { baseMs, capMs: Math.max(baseMs, positive(cap, 3_600_000)) },
    maxAttempts: Math.floor(positive(env.FOOTFALL_WEBHOOK_MAX_ATTEMPTS, 8)),
    timeoutMs: positive(env.FOOTFALL_WEBHOOK_TIMEOUT_MS, 10_000),
    allowPrivate: env.FOOTFALL_WEBHOOK_ALLOW_PRIVATE === "1",
    minuteDelayMs: positive(env.FOOTFALL_WEBHOOK_MINUTE_DELAY_MS, 10_000),
  };
}
