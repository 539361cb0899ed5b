import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * `X-Footfall-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
 * timestamp is inside the signed text, so a captured request cannot be replayed later with a new
 * one; receivers reject timestamps older than a few minutes.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}

/** What a receiver does (the documented snippet, kept here so a test proves it). */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, t, body), "hex");
  const given = Buffer.from(String(parts.v1 ?? ""), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The snippet shown in the API docs: Node.js, no dependencies. */
export const verificationSnippet = `const { createHmac, timingSafeEqual } = require("node:crypto");
// rawBody: the request body exactly as received (a string), before any JSON parsing.
function verify(secret, signatureHeader, rawBody) {
  const { t, v1 } = Object.fromEntries(signatureHeader.split(",").map((p) => p.split("=", 2)));
  if (!/^\\d+$/.test(t ?? "") || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest();
  const given = Buffer.from(v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}`;
