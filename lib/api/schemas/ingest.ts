import { z } from "zod";
import { Id, Instant } from "./common";

/** Published in the API docs; a request over them is refused whole, nothing stored. */
export const INGEST_LIMITS = {
  maxBodyBytes: 4 * 1024 * 1024,
  maxFrames: 500,
  maxDetectionsPerFrame: 500,
  maxDetectionsPerBatch: 20_000,
  /** Frames stamped further ahead of the server's clock than this are refused. */
  maxFutureSkewMs: 5 * 60_000,
} as const;

// Numbers first: a union tries its options in order, and a failed option costs an error object.
const FrameTime = z
  .union([
    z
      .number()
      .int()
      .min(946_684_800_000) // 2000-01-01: anything earlier is a unit mistake (seconds?)
      .max(32_503_680_000_000)
      .meta({ description: "Epoch milliseconds" }),
    Instant,
  ])
  .meta({ description: "Frame time: ISO-8601 instant or epoch milliseconds" });

const TrackId = z
  .union([z.string().min(1).max(64), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .transform(String)
  .meta({ description: "Tracker's id for the person, stable across frames" });

const BoxCoordinate = z.number().min(-100_000).max(100_000);

const Detection = z
  .object({
    track_id: TrackId,
    bbox: z
      .tuple([BoxCoordinate, BoxCoordinate, BoxCoordinate, BoxCoordinate])
      .refine(([x1, y1, x2, y2]) => x2 >= x1 && y2 >= y1, {
        message: "bbox must be [x1, y1, x2, y2] with x2 >= x1 and y2 >= y1",
      })
      .meta({ description: "[x1, y1, x2, y2] in the camera's pixels" }),
    confidence: z.number().min(0).max(1).optional(),
  })
  .meta({ id: "Detection" });

const Frame = z
  .object({
    ts: FrameTime,
    detections: z.array(Detection).max(INGEST_LIMITS.maxDetectionsPerFrame),
  })
  .meta({ id: "Frame" });

export const IngestBatch = z
  .object({
    sequence: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .meta({
        description:
          "Optional per-camera batch number (+1 each batch). With it the server tells a retry " +
          "(answered as duplicates) from a batch sent out of order (409 out_of_sequence).",
      }),
    frames: z.array(Frame).min(1).max(INGEST_LIMITS.maxFrames),
  })
  .strict()
  .superRefine((batch, ctx) => {
    let total = 0;
    let previous = Number.NEGATIVE_INFINITY;
    batch.frames.forEach((frame, i) => {
      total += frame.detections.length;
      const ms = typeof frame.ts === "number" ? frame.ts : Date.parse(frame.ts);
      if (ms <= previous) {
        ctx.addIssue({
          code: "custom",
          path: ["frames", i, "ts"],
          message: "Frames must be in strictly increasing time order within a batch",
        });
      }
      previous = ms;
    });
    if (total > INGEST_LIMITS.maxDetectionsPerBatch) {
      ctx.addIssue({
        code: "custom",
        path: ["frames"],
        message: `At most ${INGEST_LIMITS.maxDetectionsPerBatch} detections per batch (got ${total})`,
      });
    }
  })
  .meta({ id: "IngestBatch" });

export const IngestResult = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    watermark: Instant.nullable().meta({ description: "Newest frame time accepted so far" }),
    crossings: z.array(
      z.object({
        line_id: Id,
        track_id: z.string(),
        direction: z.enum(["in", "out"]),
        ts: Instant,
      }),
    ),
    occupancy: z.number().int().meta({ description: "The camera's occupancy after this batch" }),
  })
  .meta({ id: "IngestResult" });

export type IngestBatchInput = z.infer<typeof IngestBatch>;
export type IngestResultDto = z.infer<typeof IngestResult>;
