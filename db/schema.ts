import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();
const updatedAt = () => ts("updated_at").notNull().defaultNow();

export const facilities = pgTable(
  "facilities",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    capacity: integer("capacity"),
    /** Fraction of capacity (0–1) at which the facility counts as busy. */
    warningThreshold: real("warning_threshold").notNull().default(0.8),
    /** Local wall-clock time "HH:MM" of the daily reset to zero; null = no reset. */
    resetTime: text("reset_time"),
    allowNegative: boolean("allow_negative").notNull().default(false),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [uniqueIndex("facilities_one_default").on(t.isDefault).where(sql`${t.isDefault}`)],
);

export const zones = pgTable(
  "zones",
  {
    id: text("id").primaryKey(),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    name: text("name").notNull(),
    capacity: integer("capacity"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("zones_facility").on(t.facilityId)],
);

export const cameras = pgTable(
  "cameras",
  {
    id: text("id").primaryKey(),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    name: text("name").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    location: text("location"),
    streamUrl: text("stream_url"),
    snapshotUrl: text("snapshot_url"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("cameras_facility").on(t.facilityId)],
);

/**
 * What ingest reads and writes on every batch, kept apart from the camera's configuration so a
 * batch never contends with an edit of the camera's name.
 */
export const cameraStates = pgTable("camera_states", {
  cameraId: text("camera_id")
    .primaryKey()
    .references(() => cameras.id),
  /**
   * Bumped by every write that changes what ingest computes (a batch, a line or camera edit, a
   * camera calibration). Ingest writes with a compare-and-swap on it, so an instance holding a
   * stale copy of the camera's state finds out and reloads instead of overwriting.
   */
  version: bigint("version", { mode: "number" }).notNull().default(0),
  engine: jsonb("engine"),
  /** Epoch ms of the newest frame accepted; frames at or before it are duplicates. */
  watermarkMs: bigint("watermark_ms", { mode: "number" }),
  /** Last batch sequence number accepted, when the producer sends them. */
  lastSequence: bigint("last_sequence", { mode: "number" }),
  lastSeenAt: ts("last_seen_at"),
  /** Arrival time minus newest frame time of the last batch, ms (positive: frames arrive late). */
  clockSkewMs: integer("clock_skew_ms"),
  framesAccepted: bigint("frames_accepted", { mode: "number" }).notNull().default(0),
  framesDuplicate: bigint("frames_duplicate", { mode: "number" }).notNull().default(0),
});

export const lines = pgTable(
  "lines",
  {
    id: text("id").primaryKey(),
    cameraId: text("camera_id")
      .notNull()
      .references(() => cameras.id),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    /** Boundary of this zone; null = boundary of the facility itself. */
    zoneId: text("zone_id").references(() => zones.id),
    name: text("name").notNull(),
    x1: doublePrecision("x1").notNull(),
    y1: doublePrecision("y1").notNull(),
    x2: doublePrecision("x2").notNull(),
    y2: doublePrecision("y2").notNull(),
    inSide: text("in_side", { enum: ["left", "right"] }).notNull(),
    anchor: text("anchor", { enum: ["bottom_center", "center"] }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Overrides of the engine's defaults (deadBandPx, minObservations, ...), partial. */
    params: jsonb("params").$type<Record<string, number>>(),
    /** Bumped on every edit that changes what the engine computes; resets tracks in flight. */
    revision: integer("revision").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("lines_camera").on(t.cameraId)],
);

export type EntityKind = "facility" | "zone" | "camera";

/** Append-only: every counted crossing, stamped with the interpolated frame time. */
export const crossings = pgTable(
  "crossings",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    facilityId: text("facility_id").notNull(),
    cameraId: text("camera_id").notNull(),
    lineId: text("line_id").notNull(),
    zoneId: text("zone_id"),
    trackId: text("track_id").notNull(),
    /** +1 = in, −1 = out. */
    delta: smallint("delta").notNull(),
    ts: ts("ts").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("crossings_camera_ts").on(t.cameraId, t.ts),
    index("crossings_facility_ts").on(t.facilityId, t.ts),
    index("crossings_zone_ts").on(t.zoneId, t.ts),
    index("crossings_line_ts").on(t.lineId, t.ts),
  ],
);

/**
 * The other inputs of the occupancy ledger: calibrations, resets and retention checkpoints each
 * set an entity's occupancy to `value` at `ts`. Append-only.
 */
export const occupancyAdjustments = pgTable(
  "occupancy_adjustments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    facilityId: text("facility_id").notNull(),
    entityKind: text("entity_kind").$type<EntityKind>().notNull(),
    entityId: text("entity_id").notNull(),
    kind: text("kind", { enum: ["calibration", "reset", "checkpoint"] }).notNull(),
    ts: ts("ts").notNull(),
    value: integer("value").notNull(),
    reason: text("reason"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("adjustments_entity_ts").on(t.entityKind, t.entityId, t.ts),
    // A daily reset happens once per entity and instant, whichever instance records it.
    uniqueIndex("adjustments_one_reset")
      .on(t.entityKind, t.entityId, t.ts)
      .where(sql`${t.kind} = 'reset'`),
  ],
);

/** Live counters: a cache of the ledger's balance per entity, equal to a replay of it. */
export const occupancyLive = pgTable(
  "occupancy_live",
  {
    entityKind: text("entity_kind").$type<EntityKind>().notNull(),
    entityId: text("entity_id").notNull(),
    facilityId: text("facility_id").notNull(),
    occupancy: integer("occupancy").notNull().default(0),
    /** Bumped by every replay, so a process's cached copy of the ledger tail knows it is stale. */
    version: bigint("version", { mode: "number" }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.entityKind, t.entityId] }),
    index("live_facility").on(t.facilityId),
  ],
);

/**
 * Zone and facility occupancy is materialised outside the ingest transaction, so the rows every
 * camera of a facility would share are not locked by every batch. Ingest leaves a mark here —
 * keyed by camera, so only that camera's own (already serialised) batches touch it — naming the
 * earliest crossing it added; the materialiser takes the marks and replays from the earliest.
 */
export const occupancyPending = pgTable(
  "occupancy_pending",
  {
    entityKind: text("entity_kind").$type<EntityKind>().notNull(),
    entityId: text("entity_id").notNull(),
    cameraId: text("camera_id").notNull(),
    facilityId: text("facility_id").notNull(),
    fromTs: ts("from_ts").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entityKind, t.entityId, t.cameraId] }),
    index("pending_facility").on(t.facilityId),
  ],
);

/**
 * Minute buckets of camera, zone and facility occupancy. Written when a ledger input falls in the
 * minute; minutes with no row carry the previous row's occ_end unchanged. The integral is
 * person-seconds over the whole minute.
 */
export const occupancyMinutes = pgTable(
  "occupancy_minutes",
  {
    entityKind: text("entity_kind").$type<EntityKind>().notNull(),
    entityId: text("entity_id").notNull(),
    facilityId: text("facility_id").notNull(),
    minute: ts("minute").notNull(),
    entries: integer("entries").notNull().default(0),
    exits: integer("exits").notNull().default(0),
    occStart: integer("occ_start").notNull(),
    occEnd: integer("occ_end").notNull(),
    occMin: integer("occ_min").notNull(),
    occMax: integer("occ_max").notNull(),
    /** Offset in ms into the minute at which occ_max was first reached. */
    occMaxAtMs: integer("occ_max_at_ms").notNull().default(0),
    integral: doublePrecision("integral").notNull(),
    /** Times the replay held occupancy at zero instead of going negative (drift). */
    clamps: integer("clamps").notNull().default(0),
    adjusted: boolean("adjusted").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.entityKind, t.entityId, t.minute] }),
    index("minutes_facility_minute").on(t.facilityId, t.minute),
  ],
);

/** What each camera reported per minute: the coverage of the occupancy figures. */
export const cameraMinutes = pgTable(
  "camera_minutes",
  {
    cameraId: text("camera_id").notNull(),
    facilityId: text("facility_id").notNull(),
    minute: ts("minute").notNull(),
    frames: integer("frames").notNull().default(0),
    detections: integer("detections").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.cameraId, t.minute] }),
    index("camera_minutes_facility").on(t.facilityId, t.minute),
  ],
);

export const lineMinutes = pgTable(
  "line_minutes",
  {
    lineId: text("line_id").notNull(),
    cameraId: text("camera_id").notNull(),
    facilityId: text("facility_id").notNull(),
    minute: ts("minute").notNull(),
    entries: integer("entries").notNull().default(0),
    exits: integer("exits").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.lineId, t.minute] }),
    index("line_minutes_camera").on(t.cameraId, t.minute),
  ],
);

/** What a rollup row summarises: a line (entries and exits only), a camera, a zone or a facility. */
export type RollupKind = "line" | EntityKind;

/**
 * One rolled-up bucket of an entity, exactly the minutes it spans (lib/timeseries/rollup.ts).
 * Rows exist only for buckets with a minute bucket or camera coverage in them: a missing row holds
 * the previous row's occ_end, with no coverage.
 */
const rollupColumns = () => ({
  entityKind: text("entity_kind").$type<RollupKind>().notNull(),
  entityId: text("entity_id").notNull(),
  facilityId: text("facility_id").notNull(),
  start: ts("start").notNull(),
  end: ts("end").notNull(),
  entries: integer("entries").notNull(),
  exits: integer("exits").notNull(),
  occStart: integer("occ_start").notNull(),
  occEnd: integer("occ_end").notNull(),
  occMin: integer("occ_min").notNull(),
  occMinAt: ts("occ_min_at").notNull(),
  occMax: integer("occ_max").notNull(),
  occMaxAt: ts("occ_max_at").notNull(),
  /** Person-seconds over the whole bucket, and over its covered seconds only. */
  integral: doublePrecision("integral").notNull(),
  coveredIntegral: doublePrecision("covered_integral").notNull(),
  coveredSeconds: doublePrecision("covered_seconds").notNull(),
  /** Against the capacity in force when the minutes were rolled up; null without one. */
  minutesOverCapacity: integer("minutes_over_capacity"),
  clamps: integer("clamps").notNull(),
  adjusted: boolean("adjusted").notNull(),
  hasData: boolean("has_data").notNull(),
});

const rollupTable = (name: string) =>
  pgTable(name, rollupColumns(), (t) => [
    primaryKey({ columns: [t.entityKind, t.entityId, t.start] }),
    index(`${name}_facility`).on(t.facilityId, t.start),
  ]);

/** UTC quarter hours, kept for the long term: every real UTC offset is a multiple of 15 minutes. */
export const occupancyQuarters = rollupTable("occupancy_quarters");
/** Local hours, days and months in the facility's time zone (rebuilt when it changes). */
export const occupancyHourly = rollupTable("occupancy_hourly");
export const occupancyDaily = rollupTable("occupancy_daily");
export const occupancyMonthly = rollupTable("occupancy_monthly");

/**
 * Rollups that are behind their minutes. Whatever rewrites minute buckets leaves a mark naming
 * the earliest minute it touched (`from_ts`: quarters and every level above are rolled again from
 * there); a time-zone change leaves `local_from` (only the local levels, from the quarters). A
 * camera's mark stands for the camera and its lines, and its coverage for the zones and facility.
 * Rollups before the earliest mark are exact; readers compute the rest from minutes.
 */
export const rollupPending = pgTable(
  "rollup_pending",
  {
    entityKind: text("entity_kind").$type<EntityKind>().notNull(),
    entityId: text("entity_id").notNull(),
    facilityId: text("facility_id").notNull(),
    fromTs: ts("from_ts"),
    localFrom: ts("local_from"),
  },
  (t) => [
    primaryKey({ columns: [t.entityKind, t.entityId] }),
    index("rollup_pending_facility").on(t.facilityId),
  ],
);

/** The last run of each scheduled job on any instance: what /api/ready and operators look at. */
export const jobRuns = pgTable("job_runs", {
  name: text("name").primaryKey(),
  startedAt: ts("started_at").notNull(),
  finishedAt: ts("finished_at"),
  ok: boolean("ok"),
  error: text("error"),
  result: jsonb("result"),
});

/** Replays of POST creates carrying an Idempotency-Key answer with the first response. */
export const idempotencyKeys = pgTable("idempotency_keys", {
  key: text("key").primaryKey(),
  requestHash: text("request_hash").notNull(),
  status: integer("status").notNull(),
  body: jsonb("body").notNull(),
  createdAt: createdAt(),
});

export type Facility = typeof facilities.$inferSelect;
export type Zone = typeof zones.$inferSelect;
export type Camera = typeof cameras.$inferSelect;
export type CameraState = typeof cameraStates.$inferSelect;
export type Line = typeof lines.$inferSelect;
export type OccupancyMinute = typeof occupancyMinutes.$inferSelect;

/** Which facilities a non-admin user may see. Admins see every facility. */
export const userFacilityGrants = pgTable(
  "user_facility_grants",
  {
    userId: text("user_id").notNull(),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.facilityId] })],
);

/**
 * Keys for external systems. Only a hash of the secret is kept; the prefix identifies the key in
 * lists and logs. `facilityIds` null = every facility.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    capabilities: jsonb("capabilities").$type<string[]>().notNull(),
    facilityIds: jsonb("facility_ids").$type<string[] | null>(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_prefix").on(t.prefix)],
);

/** Who changed what and when. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    entityKind: text("entity_kind").notNull(),
    entityId: text("entity_id").notNull(),
    facilityId: text("facility_id"),
    details: jsonb("details"),
  },
  (t) => [index("audit_at").on(t.at), index("audit_entity").on(t.entityKind, t.entityId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;

export * from "./auth-schema";

/**
 * Where a facility's events are POSTed. The secret signs each delivery, so it is kept as is (not
 * hashed): it is shown once at creation or rotation and never again.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    url: text("url").notNull(),
    eventTypes: jsonb("event_types").$type<string[]>().notNull(),
    secret: text("secret").notNull(),
    description: text("description"),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [index("webhook_endpoints_facility").on(t.facilityId)],
);

/**
 * The outbox: one row per event and endpoint, written in the transaction that records the event,
 * then delivered (and retried) by the worker. `event_id` is the idempotency key a receiver sees
 * on every attempt.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id").notNull(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    facilityId: text("facility_id").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: ts("occurred_at").notNull(),
    status: text("status", { enum: ["pending", "delivered", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastAttemptAt: ts("last_attempt_at"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    deliveredAt: ts("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_endpoint").on(t.eventId, t.endpointId),
    index("webhook_deliveries_due").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_endpoint").on(t.endpointId, t.id),
  ],
);

/** The last minute whose crossings were summarised as a `crossings.minute` event, per facility. */
export const webhookMinuteCursors = pgTable("webhook_minute_cursors", {
  facilityId: text("facility_id").primaryKey(),
  lastMinute: ts("last_minute").notNull(),
});

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Live events worth replaying to a client that reconnects (alerts): the id is the SSE cursor.
 * Pruned after a few hours; occupancy changes are not kept (a reconnect gets a fresh snapshot).
 */
export const liveEvents = pgTable(
  "live_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    facilityId: text("facility_id").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("live_events_facility").on(t.facilityId, t.id),
    index("live_events_created").on(t.createdAt),
  ],
);

/**
 * Alert rules of a facility or a zone: only what was set (snake_case, as the API names it); the
 * rest comes from the facility's rules and the defaults (lib/alerts/rules.ts).
 */
export const alertRules = pgTable(
  "alert_rules",
  {
    scopeKind: text("scope_kind").$type<"facility" | "zone">().notNull(),
    scopeId: text("scope_id").notNull(),
    facilityId: text("facility_id")
      .notNull()
      .references(() => facilities.id),
    config: jsonb("config").$type<Record<string, Record<string, unknown>>>().notNull(),
    updatedAt: updatedAt(),
    updatedBy: text("updated_by"),
  },
  (t) => [
    primaryKey({ columns: [t.scopeKind, t.scopeId] }),
    index("alert_rules_facility").on(t.facilityId),
  ],
);

/** A facility's weekly working hours and closed dates, in its time zone. No row: always open. */
export const workingHours = pgTable("working_hours", {
  facilityId: text("facility_id")
    .primaryKey()
    .references(() => facilities.id),
  weekly: jsonb("weekly").$type<Record<string, { start: string; end: string }[]>>().notNull(),
  closedDates: jsonb("closed_dates").$type<string[]>().notNull(),
  updatedAt: updatedAt(),
  updatedBy: text("updated_by"),
});

/**
 * Where each facility's and zone's occupancy stands against its capacity levels (with
 * hysteresis), and since when: what the capacity alert decision needs between two changes.
 */
export const capacityStates = pgTable(
  "capacity_states",
  {
    entityKind: text("entity_kind").$type<"facility" | "zone">().notNull(),
    entityId: text("entity_id").notNull(),
    facilityId: text("facility_id").notNull(),
    level: text("level", { enum: ["none", "warning", "critical"] }).notNull(),
    warningSince: ts("warning_since"),
    criticalSince: ts("critical_since"),
    /** An alert waits (minimum duration, cooldown) until then: the job looks again. */
    recheckAt: ts("recheck_at"),
    occupancy: integer("occupancy").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.entityKind, t.entityId] })],
);

export type AlertType =
  | "capacity"
  | "camera_offline"
  | "unusual_occupancy"
  | "drift"
  | "ingest_drop";

/**
 * Alerts: one open (or acknowledged) alert per condition (`condition_key`, e.g.
 * `capacity:zone:<id>`), escalated in place, resolved by the system or a person.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    facilityId: text("facility_id").notNull(),
    zoneId: text("zone_id"),
    cameraId: text("camera_id"),
    type: text("type").$type<AlertType>().notNull(),
    severity: text("severity", { enum: ["warning", "critical"] }).notNull(),
    status: text("status", { enum: ["open", "acknowledged", "resolved"] }).notNull(),
    conditionKey: text("condition_key").notNull(),
    message: text("message").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    openedAt: ts("opened_at").notNull(),
    escalatedAt: ts("escalated_at"),
    updatedAt: updatedAt(),
    acknowledgedAt: ts("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedByLabel: text("acknowledged_by_label"),
    acknowledgeNote: text("acknowledge_note"),
    resolvedAt: ts("resolved_at"),
    /** A principal's id, or "system" for an automatic resolution. */
    resolvedBy: text("resolved_by"),
    resolvedByLabel: text("resolved_by_label"),
    resolveNote: text("resolve_note"),
  },
  (t) => [
    uniqueIndex("alerts_one_open")
      .on(t.conditionKey)
      .where(sql`${t.status} in ('open', 'acknowledged')`),
    index("alerts_condition").on(t.conditionKey, t.openedAt),
    index("alerts_facility").on(t.facilityId, t.id),
    index("alerts_active").on(t.status).where(sql`${t.status} in ('open', 'acknowledged')`),
  ],
);

export type Alert = typeof alerts.$inferSelect;
