import { endpoint } from "../endpoint";
import { IdParams, listOf, Pagination } from "../schemas/common";
import { ApiKey, AuditEntry, AuditQuery, CreatedKey, CreateKey } from "../schemas/key";

export const adminEndpoints = {
  createKey: endpoint({
    method: "POST",
    path: "/api/admin/keys",
    summary: "Issue an API key",
    description:
      "The answer carries the secret (`key`) this once; only its hash is stored. Send it as " +
      "`Authorization: Bearer <key>`. Capabilities: ingest, read, configure, admin.",
    tag: "Administration",
    capability: "admin",
    body: CreateKey,
    response: CreatedKey,
    status: 201,
    idempotent: true,
  }),
  listKeys: endpoint({
    method: "GET",
    path: "/api/admin/keys",
    summary: "List API keys (never their secrets)",
    tag: "Administration",
    capability: "admin",
    query: Pagination,
    response: listOf(ApiKey),
  }),
  revokeKey: endpoint({
    method: "DELETE",
    path: "/api/admin/keys/{id}",
    summary: "Revoke an API key",
    tag: "Administration",
    capability: "admin",
    params: IdParams,
  }),
  listAudit: endpoint({
    method: "GET",
    path: "/api/admin/audit",
    summary: "Who changed what and when, newest first",
    tag: "Administration",
    capability: "admin",
    query: AuditQuery,
    response: listOf(AuditEntry),
  }),
} as const;
