import { newId } from "@/db/ids";

/** better-auth's model names → our id prefixes (session ids are not secrets; tokens are). */
export function authIdFor(model: string): string {
  const prefix = (
    { user: "usr", session: "ses", account: "acc", verification: "ver", rateLimit: "rl" } as const
  )[model];
  return newId(prefix ?? "ver");
}
