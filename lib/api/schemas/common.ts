import { z } from "zod";

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, "Not an id")
  .meta({ description: "Opaque identifier" });
export const IdParams = z.object({ id: Id });

export const Instant = z.iso.datetime({ offset: true }).meta({
  description: "ISO-8601 instant with offset",
  example: "2026-11-24T10:00:00.000Z",
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: "Not an IANA time zone (e.g. Europe/Berlin)" })
  .meta({ description: "IANA time zone", example: "Europe/Berlin" });

export const Capacity = z.number().int().min(1).max(1_000_000);

/** `{ items, next_cursor }`: the only list shape. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
        .optional(),
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });
