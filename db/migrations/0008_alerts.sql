CREATE TABLE "alert_rules" (
	"scope_kind" text NOT NULL,
	"scope_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"config" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "alert_rules_scope_kind_scope_id_pk" PRIMARY KEY("scope_kind","scope_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"zone_id" text,
	"camera_id" text,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"condition_key" text NOT NULL,
	"message" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"acknowledged_by_label" text,
	"acknowledge_note" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolved_by_label" text,
	"resolve_note" text
);
--> statement-breakpoint
CREATE TABLE "capacity_states" (
	"entity_kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"facility_id" text NOT NULL,
	"level" text NOT NULL,
	"warning_since" timestamp with time zone,
	"critical_since" timestamp with time zone,
	"recheck_at" timestamp with time zone,
	"occupancy" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_states_entity_kind_entity_id_pk" PRIMARY KEY("entity_kind","entity_id")
);
--> statement-breakpoint
CREATE TABLE "working_hours" (
	"facility_id" text PRIMARY KEY NOT NULL,
	"weekly" jsonb NOT NULL,
	"closed_dates" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_facility" ON "alert_rules" USING btree ("facility_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open" ON "alerts" USING btree ("condition_key") WHERE "alerts"."status" in ('open', 'acknowledged');--> statement-breakpoint
CREATE INDEX "alerts_condition" ON "alerts" USING btree ("condition_key","opened_at");--> statement-breakpoint
CREATE INDEX "alerts_facility" ON "alerts" USING btree ("facility_id","id");--> statement-breakpoint
CREATE INDEX "alerts_active" ON "alerts" USING btree ("status") WHERE "alerts"."status" in ('open', 'acknowledged');