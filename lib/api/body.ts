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
  let value: unknown;
  try {
    // PostgreSQL text cannot hold NUL. Only a body that may contain one pays for the check.
    value =
      text.includes("\\u0000") || text.includes("\0")
        ? JSON.parse(text, refuseNul)
        : JSON.parse(text);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  return value;
}

function refuseNul(this: unknown, key: string, value: unknown) {
  if ((typeof value === "string" && value.includes("\0")) || key.includes("\0")) {
    throw new AppError("validation_failed", "NUL characters are not allowed", [
      { path: key, code: "nul_character", message: "Remove NUL (\\u0000) characters" },
    ]);
  }
  return value;
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
