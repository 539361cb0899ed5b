import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { newId, randomToken } from "@/db/ids";
import { type ApiKey, apiKeys } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import type { ApiKeyDto, CreatedKeyDto, CreateKeyInput } from "@/lib/api/schemas/key";
import { recordAudit } from "@/lib/audit/audit";
import type { Grant, Principal } from "@/lib/auth/principal";
import { existingFacilityIds } from "@/lib/facilities/existing";
import { iso, isoOrNull } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";

// The secret has 160 random bits, so a plain SHA-256 is enough: there is nothing to guess that a
// slow password hash would protect, and verifying stays cheap on the ingest path.
const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function toKeyDto(k: ApiKey): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    capabilities: k.capabilities as ApiKeyDto["capabilities"],
    facility_ids: k.facilityIds ?? null,
    created_by: k.createdBy,
    created_at: iso(k.createdAt),
    last_used_at: isoOrNull(k.lastUsedAt),
    revoked_at: isoOrNull(k.revokedAt),
  };
}

export async function createKey(
  db: Db,
  input: CreateKeyInput,
  actor: Principal,
): Promise<CreatedKeyDto> {
  const facilityIds = input.facility_ids ? await existingFacilityIds(db, input.facility_ids) : null;
  const prefix = randomToken(8);
  const secret = randomToken(32);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id: newId("key"),
        name: input.name,
        prefix,
        secretHash: hashSecret(secret),
        capabilities: [...new Set(input.capabilities)],
        facilityIds,
        createdBy: actor.label,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "key.create",
      entityKind: "api_key",
      entityId: row!.id,
      details: {
        name: input.name,
        prefix,
        capabilities: input.capabilities,
        facility_ids: facilityIds,
      },
    });
    return { ...toKeyDto(row!), key: `ff_${prefix}_${secret}` };
  });
}

export async function listKeys(db: Db, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(apiKeys)
    .where(after ? gt(apiKeys.id, after) : undefined)
    .orderBy(asc(apiKeys.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toKeyDto), next_cursor };
}

export async function revokeKey(db: Db, id: string, actor: Principal): Promise<undefined> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound("API key", id);
    for (const [hash, entry] of verified) if (entry.principal.id === id) verified.delete(hash);
    await recordAudit(tx, actor, {
      action: "key.revoke",
      entityKind: "api_key",
      entityId: id,
      details: { prefix: row.prefix },
    });
  });
  return undefined;
}

const lastUsedWritten = new Map<string, number>();
const LAST_USED_EVERY_MS = 60_000;

/**
 * Verified keys, by the hash of the whole token, for a few seconds: an edge box posting several
 * batches a second then costs one lookup every few seconds. A revocation takes effect at once on
 * the instance that made it and within VERIFIED_FOR_MS on the others.
 */
const verified = new Map<string, { principal: Principal; until: number }>();
const VERIFIED_FOR_MS = 5_000;

/** The principal behind `ff_<prefix>_<secret>`, or null for an unknown, wrong or revoked key. */
export async function verifyKey(db: Db, token: string): Promise<Principal | null> {
  const match = /^ff_([0-9a-z]{8})_([0-9a-z]{32})$/.exec(token);
  if (!match) return null;
  const [, prefix, secret] = match as unknown as [string, string, string];
  const tokenHash = hashSecret(token);
  const now = Date.now();
  const hit = verified.get(tokenHash);
  if (hit && hit.until > now) return hit.principal;
  verified.delete(tokenHash);

  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
  if (!key || key.revokedAt) return null;
  const given = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(key.secretHash, "hex");
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;

  // Last use is for people deciding which keys to revoke: a minute's precision is plenty, and
  // it keeps a write off every ingest request.
  if (now - (lastUsedWritten.get(key.id) ?? 0) > LAST_USED_EVERY_MS) {
    lastUsedWritten.set(key.id, now);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, key.id));
  }
  const principal: Principal = {
    kind: "key",
    id: key.id,
    label: `key ${key.name} (${key.prefix})`,
    capabilities: new Set(key.capabilities as Grant[]),
    facilities: key.facilityIds ? new Set(key.facilityIds) : "all",
  };
  if (verified.size > 10_000) verified.clear();
  verified.set(tokenHash, { principal, until: now + VERIFIED_FOR_MS });
  return principal;
}
