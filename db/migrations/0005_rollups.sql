CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"ok" boolean,
	"error" text,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "occupancy_daily" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"exits" integer NOT NULL,
	"occ_start" integer NOT NULL,
	"occ_end" integer NOT NULL,
	"occ_min" integer NOT NULL,
	"occ_min_at" timestamp with time zone NOT NULL,
	"occ_max" integer NOT NULL,
	"occ_max_at" timestamp with time zone NOT NULL,
	"integral" double precision NOT NULL,
	"covered_integral" double precision NOT NULL,
	"covered_seconds" double precision NOT NULL,
	"minutes_over_capacity" integer,
	"clamps" integer NOT NULL,
	"adjusted" boolean NOT NULL,
	"has_data" boolean NOT NULL,
	CONSTRAINT "occupancy_daily_entity_kind_entity_id_start_pk" PRIMARY KEY("entity_kind","entity_id","start")
);
--> statement-breakpoint
CREATE TABLE "occupancy_hourly" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"exits" integer NOT NULL,
	"occ_start" integer NOT NULL,
	"occ_end" integer NOT NULL,
	"occ_min" integer NOT NULL,
	"occ_min_at" timestamp with time zone NOT NULL,
	"occ_max" integer NOT NULL,
	"occ_max_at" timestamp with time zone NOT NULL,
	"integral" double precision NOT NULL,
	"covered_integral" double precision NOT NULL,
	"covered_seconds" double precision NOT NULL,
	"minutes_over_capacity" integer,
	"clamps" integer NOT NULL,
	"adjusted" boolean NOT NULL,
	"has_data" boolean NOT NULL,
	CONSTRAINT "occupancy_hourly_entity_kind_entity_id_start_pk" PRIMARY KEY("entity_kind","entity_id","start")
);
--> statement-breakpoint
CREATE TABLE "occupancy_monthly" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"exits" integer NOT NULL,
	"occ_start" integer NOT NULL,
	"occ_end" integer NOT NULL,
	"occ_min" integer NOT NULL,
	"occ_min_at" timestamp with time zone NOT NULL,
	"occ_max" integer NOT NULL,
	"occ_max_at" timestamp with time zone NOT NULL,
	"integral" double precision NOT NULL,
	"covered_integral" double precision NOT NULL,
	"covered_seconds" double precision NOT NULL,
	"minutes_over_capacity" integer,
	"clamps" integer NOT NULL,
	"adjusted" boolean NOT NULL,
	"has_data" boolean NOT NULL,
	CONSTRAINT "occupancy_monthly_entity_kind_entity_id_start_pk" PRIMARY KEY("entity_kind","entity_id","start")
);
--> statement-breakpoint
CREATE TABLE "occupancy_quarters" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"end" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"exits" integer NOT NULL,
	"occ_start" integer NOT NULL,
	"occ_end" integer NOT NULL,
	"occ_min" integer NOT NULL,
	"occ_min_at" timestamp with time zone NOT NULL,
	"occ_max" integer NOT NULL,
	"occ_max_at" timestamp with time zone NOT NULL,
	"integral" double precision NOT NULL,
	"covered_integral" double precision NOT NULL,
	"covered_seconds" double precision NOT NULL,
	"minutes_over_capacity" integer,
	"clamps" integer NOT NULL,
	"adjusted" boolean NOT NULL,
	"has_data" boolean NOT NULL,
	CONSTRAINT "occupancy_quarters_entity_kind_entity_id_start_pk" PRIMARY KEY("entity_kind","entity_id","start")
);
--> statement-breakpoint
CREATE TABLE "rollup_pending" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"from_ts" timestamp with time zone,
	"local_from" timestamp with time zone,
	CONSTRAINT "rollup_pending_entity_kind_entity_id_pk" PRIMARY KEY("entity_kind","entity_id")
);
--> statement-breakpoint
CREATE INDEX "occupancy_daily_facility" ON "occupancy_daily" USING btree ("facility_id","start");--> statement-breakpoint
CREATE INDEX "occupancy_hourly_facility" ON "occupancy_hourly" USING btree ("facility_id","start");--> statement-breakpoint
CREATE INDEX "occupancy_monthly_facility" ON "occupancy_monthly" USING btree ("facility_id","start");--> statement-breakpoint
CREATE INDEX "occupancy_quarters_facility" ON "occupancy_quarters" USING btree ("facility_id","start");--> statement-breakpoint
CREATE INDEX "rollup_pending_facility" ON "rollup_pending" USING btree ("facility_id");--> statement-breakpoint
-- Everything recorded before rollups existed is behind them: mark it so the first job run rolls it up.
INSERT INTO "rollup_pending" ("entity_kind", "entity_id", "facility_id", "from_ts")
SELECT 'camera', "camera_id", min("facility_id"), min("minute") FROM "camera_minutes" GROUP BY "camera_id"
UNION ALL
SELECT "entity_kind", "entity_id", min("facility_id"), min("minute") FROM "occupancy_minutes"
WHERE "entity_kind" <> 'camera' GROUP BY "entity_kind", "entity_id"
ON CONFLICT DO NOTHING;
