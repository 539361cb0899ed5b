import { z } from "zod";
import { Instant } from "./common";

export const JobLastRun = z
  .object({
    name: z.string(),
    last_started_at: Instant.nullable(),
    last_finished_at: Instant.nullable(),
    ok: z
      .boolean()
      .nullable()
      .meta({ description: "Whether the last run succeeded; null: never ran" }),
  })
  .meta({ id: "JobLastRun" });

export const Readiness = z
  .object({
    status: z.enum(["ready"]),
    jobs: z.object({
      scheduler: z.enum(["running"]).meta({
        description: "This instance has started its job scheduler",
      }),
      last_runs: z.array(JobLastRun).meta({
        description: "Each scheduled job's last run on any instance (kept in the database)",
      }),
    }),
  })
  .meta({ id: "Readiness" });

export const MetricsText = z.string().meta({
  description: "Prometheus text exposition format 0.0.4",
  example: "# HELP footfall_ingest_frames_total …\n# TYPE footfall_ingest_frames_total counter\n",
});

export type ReadinessDto = z.infer<typeof Readiness>;
