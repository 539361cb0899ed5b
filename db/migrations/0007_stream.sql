CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"facility_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "live_events_facility" ON "live_events" USING btree ("facility_id","id");--> statement-breakpoint
CREATE INDEX "live_events_created" ON "live_events" USING btree ("created_at");