import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * Ids of account rows, in the same shape as db/ids.ts (`usr_7k2m9x4q1w8e5r3t`), so they read
 * alike in the API and work as keyset cursors. Session ids are not secrets (tokens are).
 */
export function newAuthId(prefix: "usr" | "ses" | "acc" | "ver" | "rl"): string {
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i]! & 31];
  return `${prefix}_${out}`;
}

/** better-auth's model names → our id prefixes. */
export function authIdFor(model: string): string {
  const prefix = (
    { user: "usr", session: "ses", account: "acc", verification: "ver", rateLimit: "rl" } as const
  )[model];
  return newAuthId(prefix ?? "ver");
}
