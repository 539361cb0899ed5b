import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import { authorise } from "@/lib/auth/authorise";
import type { Principal } from "@/lib/auth/principal";
import { withIdempotency } from "@/lib/idempotency/idempotency";
import { log } from "@/lib/log";
import { requestRejected } from "@/lib/metrics/registry";
import { requestFinished } from "@/lib/metrics/request";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./body";
import type { Endpoint } from "./endpoint";
import { AppError, type ErrorDetail, formatPath, validationFailed } from "./errors";

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteContext<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  db: Db;
  requestId: string;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };

/**
 * The one route shape: parse, authenticate, authorise, call a use case, answer. This is the only
 * place that catches: every error leaves as `{ error: { code, message, details? } }`.
 */
export function route<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  endpoint: Endpoint<P, Q, B, R>,
  /** Answers the resource, or a ready Response for other representations (CSV). */
  handler: (
    ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>,
  ) => Promise<z.input<R> | Response>,
) {
  return async (req: Request, context: NextContext): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = requestIdOf(req);
    let principalId: string | undefined;
    let response: Response;
    let code: string | undefined;
    try {
      const db = await getDb().catch((error) => {
        log.error({ err: error, requestId }, "database unavailable");
        throw new AppError("unavailable", "The database is not available");
      });
      const principal = await authorise(req, db, endpoint.capability);
      principalId = principal.id;
      const params = parse(endpoint.params, await context.params, "path");
      const query = parse(endpoint.query, queryOf(req), "query");
      const rawBody = endpoint.body
        ? await readJsonBody(req, endpoint.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
        : undefined;
      const body = parse(endpoint.body, rawBody, "body");
      const run = async () => {
        const result = await handler({
          req,
          params,
          query,
          body,
          principal,
          db,
          requestId,
        } as RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>);
        return { status: endpoint.status ?? (endpoint.response ? 200 : 204), body: result };
      };
      const key = endpoint.idempotent ? req.headers.get("idempotency-key") : null;
      const { status, body: payload } = key
        ? await withIdempotency(db, {
            key,
            scope: `${principal.id} ${req.method} ${new URL(req.url).pathname}`,
            request: rawBody,
            run,
          })
        : await run();
      if (payload instanceof Response) {
        payload.headers.set("x-request-id", requestId);
        response = payload;
      } else {
        response = respond(status, payload, requestId);
      }
    } catch (error) {
      const answer = errorAnswer(error, requestId, req, endpoint.path);
      response = answer.response;
      code = answer.code;
    }
    requestFinished({
      method: req.method,
      path: endpoint.path,
      capability: endpoint.capability,
      status: response.status,
      code,
      startedAt,
      requestId,
      principalId,
    });
    return response;
  };
}

/** The caller's request id when it is a plausible one (it is echoed in a header), else a new one. */
function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[\w.:@/+=-]{1,100}$/.test(given) ? given : crypto.randomUUID();
}

function queryOf(req: Request): Record<string, string> {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  // PostgreSQL text cannot hold NUL: refuse it before any query sees it.
  for (const [key, value] of Object.entries(query)) {
    if (value.includes("\0")) {
      throw validationFailed([
        { path: `query.${key}`, code: "nul_character", message: "NUL characters are not allowed" },
      ]);
    }
  }
  return query;
}

function parse<T extends z.ZodType | undefined>(
  schema: T,
  input: unknown,
  where: "path" | "query" | "body",
): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(input);
  if (result.success) return result.data as Infer<T>;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    path: where === "body" ? formatPath(issue.path) : `${where}.${formatPath(issue.path)}`,
    code: issue.code,
    message: issue.message,
  }));
  // An unknown id in the path is "not found", not a malformed request.
  if (where === "path") throw new AppError("not_found", "No such resource");
  throw validationFailed(details);
}

function respond(status: number, payload: unknown, requestId: string): Response {
  const headers = { "x-request-id": requestId, "cache-control": "no-store" };
  if (status === 204) return new Response(null, { status, headers });
  return Response.json(payload, { status, headers });
}

export function errorResponse(error: unknown, requestId: string, req?: Request): Response {
  return errorAnswer(error, requestId, req).response;
}

/**
 * The one error path: every error answer is counted here by its endpoint's path template
 * ("unmatched" outside an endpoint: unknown paths, other methods) and error code.
 */
function errorAnswer(
  error: unknown,
  requestId: string,
  req?: Request,
  path = "unmatched",
): { response: Response; code: string } {
  const appError = error instanceof AppError ? error : fromDatabaseError(error);
  if (!appError) {
    log.error({ err: error, requestId, method: req?.method, path }, "unhandled error");
  }
  const e = appError ?? new AppError("internal", "Something went wrong on our side");
  requestRejected(path, e.code);
  const body = {
    error: {
      code: e.code,
      message: e.message,
      ...(e.details ? { details: e.details } : {}),
      request_id: requestId,
    },
  };
  const response = Response.json(body, {
    status: e.status,
    headers: { "x-request-id": requestId, "cache-control": "no-store", ...e.headers },
  });
  return { response, code: e.code };
}

/**
 * Database refusals that slip past validation are still the client's mistake: a unique or
 * foreign-key violation is a conflict, a value the column cannot hold (SQLSTATE class 22) is
 * invalid input. Never a 500, and never the database's own words.
 */
function fromDatabaseError(error: unknown): AppError | null {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = String(e?.code ?? e?.cause?.code ?? "");
  if (code === "23505") return new AppError("conflict", "That conflicts with an existing record");
  if (code === "23503")
    return new AppError("conflict", "That refers to a record that does not exist");
  if (code.startsWith("22")) {
    return validationFailed(
      [{ path: "", code: "out_of_range", message: "A value is out of range or not representable" }],
      "A value is out of range or not representable",
    );
  }
  return null;
}

/**
 * For the methods a route does not serve: a 405 in the API's error shape, naming the ones it does
 * (Next's own 405 has no body).
 */
export function methodNotAllowed(allowed: string[]) {
  return async (req: Request): Promise<Response> =>
    errorResponse(
      new AppError("method_not_allowed", `${req.method} is not allowed here`, undefined, {
        allow: allowed.join(", "),
      }),
      requestIdOf(req),
      req,
    );
}
