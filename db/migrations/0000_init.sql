CREATE TABLE "camera_minutes" (
	"camera_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"frames" integer DEFAULT 0 NOT NULL,
	"detections" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "camera_minutes_camera_id_minute_pk" PRIMARY KEY("camera_id","minute")
);
--> statement-breakpoint
CREATE TABLE "camera_states" (
	"camera_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"engine" jsonb,
	"watermark_ms" bigint,
	"last_sequence" bigint,
	"last_seen_at" timestamp with time zone,
	"clock_skew_ms" integer,
	"frames_accepted" bigint DEFAULT 0 NOT NULL,
	"frames_duplicate" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cameras" (
	"id" text PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"name" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"location" text,
	"stream_url" text,
	"snapshot_url" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "crossings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"line_id" text NOT NULL,
	"zone_id" text,
	"track_id" text NOT NULL,
	"delta" smallint NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"capacity" integer,
	"warning_threshold" real DEFAULT 0.8 NOT NULL,
	"reset_time" text,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "line_minutes" (
	"line_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"exits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "line_minutes_line_id_minute_pk" PRIMARY KEY("line_id","minute")
);
--> statement-breakpoint
CREATE TABLE "lines" (
	"id" text PRIMARY KEY NOT NULL,
	"camera_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"zone_id" text,
	"name" text NOT NULL,
	"x1" double precision NOT NULL,
	"y1" double precision NOT NULL,
	"x2" double precision NOT NULL,
	"y2" double precision NOT NULL,
	"in_side" text NOT NULL,
	"anchor" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"params" jsonb,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "occupancy_adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"kind" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" integer NOT NULL,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupancy_live" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"occupancy" integer DEFAULT 0 NOT NULL,
	"as_of" timestamp with time zone,
	"version" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "occupancy_live_entity_kind_entity_id_pk" PRIMARY KEY("entity_kind","entity_id")
);
--> statement-breakpoint
CREATE TABLE "occupancy_minutes" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"exits" integer DEFAULT 0 NOT NULL,
	"occ_start" integer NOT NULL,
	"occ_end" integer NOT NULL,
	"occ_min" integer NOT NULL,
	"occ_max" integer NOT NULL,
	"occ_max_at_ms" integer DEFAULT 0 NOT NULL,
	"integral" double precision NOT NULL,
	"clamps" integer DEFAULT 0 NOT NULL,
	"adjusted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "occupancy_minutes_entity_kind_entity_id_minute_pk" PRIMARY KEY("entity_kind","entity_id","minute")
);
--> statement-breakpoint
CREATE TABLE "occupancy_pending" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"from_ts" timestamp with time zone NOT NULL,
	CONSTRAINT "occupancy_pending_entity_kind_entity_id_camera_id_pk" PRIMARY KEY("entity_kind","entity_id","camera_id")
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" text PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"name" text NOT NULL,
	"capacity" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "camera_states" ADD CONSTRAINT "camera_states_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lines" ADD CONSTRAINT "lines_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "public"."cameras"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lines" ADD CONSTRAINT "lines_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lines" ADD CONSTRAINT "lines_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "camera_minutes_facility" ON "camera_minutes" USING btree ("facility_id","minute");--> statement-breakpoint
CREATE INDEX "cameras_facility" ON "cameras" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "crossings_camera_ts" ON "crossings" USING btree ("camera_id","ts");--> statement-breakpoint
CREATE INDEX "crossings_facility_ts" ON "crossings" USING btree ("facility_id","ts");--> statement-breakpoint
CREATE INDEX "crossings_zone_ts" ON "crossings" USING btree ("zone_id","ts");--> statement-breakpoint
CREATE INDEX "crossings_line_ts" ON "crossings" USING btree ("line_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_one_default" ON "facilities" USING btree ("is_default") WHERE "facilities"."is_default";--> statement-breakpoint
CREATE INDEX "line_minutes_camera" ON "line_minutes" USING btree ("camera_id","minute");--> statement-breakpoint
CREATE INDEX "lines_camera" ON "lines" USING btree ("camera_id");--> statement-breakpoint
CREATE INDEX "adjustments_entity_ts" ON "occupancy_adjustments" USING btree ("entity_kind","entity_id","ts");--> statement-breakpoint
CREATE INDEX "live_facility" ON "occupancy_live" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "minutes_facility_minute" ON "occupancy_minutes" USING btree ("facility_id","minute");--> statement-breakpoint
CREATE INDEX "pending_facility" ON "occupancy_pending" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "zones_facility" ON "zones" USING btree ("facility_id");