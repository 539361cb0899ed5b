/** The single map from error code to HTTP status. Every error body is `{ error: { code, message, details? } }`. */
export const errorStatus = {
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  camera_disabled: 409,
  out_of_sequence: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  /** Where the problem is, e.g. `frames[2].detections[0].bbox`; empty for the whole body. */
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string, id?: string) =>
  new AppError("not_found", id ? `${what} ${id} was not found` : `${what} was not found`);

export const conflict = (message: string) => new AppError("conflict", message);

export function validationFailed(details: ErrorDetail[], message?: string): AppError {
  const first = details[0];
  return new AppError(
    "validation_failed",
    message ?? (first ? `${first.path || "body"}: ${first.message}` : "The request is not valid"),
    details,
  );
}

/** Formats a zod-style path (["frames", 2, "bbox"]) as `frames[2].bbox`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
