import { z } from "zod";
import { Id, Instant } from "./common";

const Clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Expected local time HH:MM");

const Interval = z
  .object({ start: Clock, end: Clock })
  .strict()
  .refine((i) => i.end > i.start, { message: "end must be after start", path: ["end"] })
  .meta({ description: "Local wall-clock interval [start, end); end may be 24:00" });

const Day = z.array(Interval).max(12);

function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a local date YYYY-MM-DD")
  .refine(isCalendarDate, { message: "Not a calendar date" });

const Weekly = z
  .object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day })
  .partial()
  .strict()
  .meta({ description: "Intervals per weekday; a day left out is closed" });

export const UpdateWorkingHours = z
  .object({
    weekly: Weekly,
    closed_dates: z.array(LocalDate).max(1000).default([]),
  })
  .strict()
  .meta({ id: "UpdateWorkingHours" });

export const WorkingHours = z
  .object({
    facility_id: Id,
    timezone: z.string().meta({ description: "The facility's: the schedule is local time there" }),
    always_open: z.boolean().meta({ description: "No schedule set: every hour counts as working" }),
    weekly: z.object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }),
    closed_dates: z.array(z.string()),
    open_now: z.boolean(),
    updated_at: Instant.nullable(),
  })
  .meta({ id: "WorkingHours" });

export type UpdateWorkingHoursInput = z.infer<typeof UpdateWorkingHours>;
export type WorkingHoursDto = z.infer<typeof WorkingHours>;
