import "zod-openapi";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import type { Endpoint } from "./endpoint";
import { endpoints } from "./endpoints";
import { errorStatus } from "./errors";
import { ErrorBody } from "./schemas/common";

const common: Record<number, string> = {
  400: "The body is not valid JSON",
  404: "No such resource (or not visible to the caller)",
  422: "Validation failed: details[] lists each field path, code and message",
  500: "Unexpected error; the body carries a request_id",
};

function operation(e: Endpoint, operationId: string): ZodOpenApiOperationObject {
  const success = e.status ?? (e.response ? 200 : 204);
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [success]: e.response
      ? {
          description: "Success",
          content: { [e.produces ?? "application/json"]: { schema: e.response } },
        }
      : { description: "Done, no content" },
  };
  const errors = new Set([
    ...(e.body ? [400, 422] : []),
    ...(e.params ? [404] : []),
    ...(e.errors ?? []),
    500,
  ]);
  if (e.query) errors.add(422);
  if (e.body) errors.add(errorStatus.payload_too_large);
  for (const status of [...errors].sort()) {
    responses[status] = {
      description: common[status] ?? "Error",
      content: { "application/json": { schema: ErrorBody } },
    };
  }
  return {
    operationId,
    summary: e.summary,
    description: e.description,
    tags: [e.tag],
    "x-capability": e.capability,
    requestParams: {
      ...(e.params ? { path: e.params } : {}),
      ...(e.query ? { query: e.query } : {}),
    },
    ...(e.body
      ? { requestBody: { required: true, content: { "application/json": { schema: e.body } } } }
      : {}),
    responses,
  } as ZodOpenApiOperationObject;
}

let cached: ReturnType<typeof createDocument> | undefined;

/** OpenAPI 3.1, generated from the same zod schemas the routes validate with. */
export function openApiDocument() {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const [id, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    paths[e.path] ??= {};
    (paths[e.path] as Record<string, ZodOpenApiOperationObject>)[e.method.toLowerCase()] =
      operation(e, id);
  }
  cached = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Footfall API",
      version: "1",
      description:
        "People counting and occupancy. JSON in snake_case, ISO-8601 instants, opaque string ids. " +
        "Errors: `{ error: { code, message, details? } }`. POST creates accept an Idempotency-Key header.",
    },
    paths,
  });
  return cached;
}
