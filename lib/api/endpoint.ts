import type { z } from "zod";

/**
 * What a caller must hold. `public` needs nothing; the rest are key capabilities (ARCHITECTURE §6).
 * `metrics` is only the Prometheus scrape: a scrape key can read nothing else.
 */
export type Capability = "public" | "read" | "configure" | "ingest" | "admin" | "metrics";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * One endpoint's contract: the route wrapper validates with it, the client hooks are typed by it
 * and the OpenAPI document is generated from it.
 */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** OpenAPI-style path, e.g. `/api/occupancy/cameras/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  capability: Capability;
  params?: P;
  query?: Q;
  body?: B;
  /** Absent: 204 No Content. */
  response?: R;
  /** The success answer's media type when it is not JSON (the handler returns a Response). */
  produces?: string;
  status?: 200 | 201 | 204;
  /** POST creates honour an `Idempotency-Key` header. */
  idempotent?: boolean;
  maxBodyBytes?: number;
  /** Extra error statuses worth documenting beyond the common ones. */
  errors?: number[];
}

export function endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
>(e: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return e;
}
