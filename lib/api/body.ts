import { AppError } from "./errors";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Reads a JSON body, refusing more than `limit` bytes before buffering them all. */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw tooLarge(limit);
  const type = req.headers.get("content-type");
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json");
  }
  const text = await readText(req, limit);
  if (text.trim() === "") throw new AppError("invalid_json", "The request body is empty");
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
  if (text.includes("\\u0000") || text.includes("\0")) {
    throw new AppError("validation_failed", "NUL characters are not allowed", [
      { path: "", code: "nul_character", message: "Remove NUL (\\u0000) characters" },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
}

async function readText(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const tooLarge = (limit: number) =>
  new AppError("payload_too_large", `The request body is over the limit of ${limit} bytes`);
