import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { type WebhookEndpoint, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { AppError, notFound, validationFailed } from "@/lib/api/errors";
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDto,
  WebhookWithSecretDto,
} from "@/lib/api/schemas/webhook";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible } from "@/lib/auth/scope";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { checkWebhookUrl } from "./address-policy";
import { webhookConfig } from "./config";
import { newSecret, newWebhookId } from "./ids";
import type { WebhookEventType } from "./outbox";

export function toWebhookDto(w: WebhookEndpoint): WebhookDto {
  return {
    id: w.id,
    facility_id: w.facilityId,
    url: w.url,
    event_types: w.eventTypes as WebhookDto["event_types"],
    description: w.description,
    enabled: w.enabled,
    secret_hint: w.secret.slice(-4),
    created_by: w.createdBy,
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  };
}

const withSecret = (w: WebhookEndpoint): WebhookWithSecretDto => ({
  ...toWebhookDto(w),
  secret: w.secret,
});

function assertUrlAllowed(url: string) {
  const problem = checkWebhookUrl(url, webhookConfig().allowPrivate);
  if (!problem) return;
  const message =
    problem === "private"
      ? "Webhook URLs on loopback, private or reserved addresses are refused"
      : problem === "credentials"
        ? "Put credentials in the path or a query parameter, not in the URL's user part"
        : "Only http and https URLs are accepted";
  throw validationFailed([{ path: "url", code: `url_${problem}`, message }]);
}

/** A live webhook the actor may see; anything else is 404. */
export async function getVisibleWebhook(
  db: Executor,
  id: string,
  actor: Principal,
): Promise<WebhookEndpoint> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  if (!row) throw notFound("Webhook", id);
  assertVisible(actor, row.facilityId, "Webhook", id);
  return row;
}

export async function createWebhook(
  db: Db,
  facilityId: string,
  input: CreateWebhookInput,
  actor: Principal,
): Promise<WebhookWithSecretDto> {
  await getActiveFacility(db, facilityId, actor);
  assertUrlAllowed(input.url);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id: newWebhookId(),
        facilityId,
        url: input.url,
        eventTypes: input.event_types,
        secret: newSecret(),
        description: input.description,
        enabled: input.enabled,
        createdBy: actor.label || actor.id,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "webhook.create",
      entityKind: "webhook",
      entityId: row!.id,
      facilityId,
      details: { url: input.url, event_types: input.event_types, enabled: input.enabled },
    });
    return withSecret(row!);
  });
}

export async function listWebhooks(
  db: Db,
  facilityId: string,
  page: { limit: number; cursor?: string },
  actor: Principal,
) {
  await getActiveFacility(db, facilityId, actor);
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.facilityId, facilityId),
        isNull(webhookEndpoints.deletedAt),
        after ? gt(webhookEndpoints.id, after) : undefined,
      ),
    )
    .orderBy(asc(webhookEndpoints.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toWebhookDto), next_cursor };
}

export async function getWebhook(db: Db, id: string, actor: Principal): Promise<WebhookDto> {
  return toWebhookDto(await getVisibleWebhook(db, id, actor));
}

export async function updateWebhook(
  db: Db,
  id: string,
  input: UpdateWebhookInput,
  actor: Principal,
): Promise<WebhookDto> {
  await getVisibleWebhook(db, id, actor);
  if (input.url !== undefined) assertUrlAllowed(input.url);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        url: input.url,
        eventTypes: input.event_types as WebhookEventType[] | undefined,
        description: input.description,
        enabled: input.enabled,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
      .returning();
    if (!row) throw notFound("Webhook", id);
    await recordAudit(tx, actor, {
      action: "webhook.update",
      entityKind: "webhook",
      entityId: id,
      facilityId: row.facilityId,
      details: { ...input },
    });
    return toWebhookDto(row);
  });
}

/** Soft delete; deliveries still queued for it are dead-lettered (kept, with the reason). */
export async function deleteWebhook(db: Db, id: string, actor: Principal): Promise<undefined> {
  const webhook = await getVisibleWebhook(db, id, actor);
  await db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({ deletedAt: new Date(), enabled: false, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id));
    await tx
      .update(webhookDeliveries)
      .set({ status: "dead", lastError: "webhook deleted" })
      .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, "pending")));
    await recordAudit(tx, actor, {
      action: "webhook.delete",
      entityKind: "webhook",
      entityId: id,
      facilityId: webhook.facilityId,
    });
  });
  return undefined;
}

/**
 * A new secret, answered this once; the old one stops signing at once (deliveries in flight
 * right now may still carry it).
 */
export async function rotateWebhookSecret(
  db: Db,
  id: string,
  actor: Principal,
): Promise<WebhookWithSecretDto> {
  await getVisibleWebhook(db, id, actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret: newSecret(), updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
      .returning();
    if (!row) throw notFound("Webhook", id);
    await recordAudit(tx, actor, {
      action: "webhook.rotate_secret",
      entityKind: "webhook",
      entityId: id,
      facilityId: row.facilityId,
    });
    return withSecret(row);
  });
}

export const webhookDisabled = () =>
  new AppError("conflict", "The webhook is disabled: enable it first");
