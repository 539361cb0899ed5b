import { randomBytes } from "node:crypto";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** Opaque ids like `cam_7k2m9x4q1w8e5r3t`: a readable prefix and 80 random bits. */
export function newId(prefix: "fac" | "zone" | "cam" | "line" | "cal" | "key"): string {
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i]! & 31];
  return `${prefix}_${out}`;
}
