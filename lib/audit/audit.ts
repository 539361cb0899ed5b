import type { Executor } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";

export interface AuditEntry {
  action: string;
  entityKind: string;
  entityId: string;
  facilityId?: string | null;
  /** What changed; never secrets (passwords, key secrets). */
  details?: Record<string, unknown>;
}

/** Appends to the audit log, in the caller's transaction when it has one. */
export async function recordAudit(db: Executor, actor: Principal, entry: AuditEntry) {
  await db.insert(auditLog).values({
    actorKind: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entityKind: entry.entityKind,
    entityId: entry.entityId,
    facilityId: entry.facilityId ?? null,
    details: entry.details ?? null,
  });
}
