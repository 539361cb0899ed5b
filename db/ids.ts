import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** `length` characters of Crockford-style base32, 5 random bits each. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! & 31];
  return out;
}

export type IdPrefix =
  | "fac"
  | "zone"
  | "cam"
  | "line"
  | "cal"
  | "key"
  | "usr"
  | "ses"
  | "acc"
  | "ver"
  | "rl";

/**
 * Opaque ids like `cam_7k2m9x4q1w8e5r3t`: a readable prefix and 80 random bits. They sort
 * stably, so they serve as keyset cursors.
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(16)}`;
}
