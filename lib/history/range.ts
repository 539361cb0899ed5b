import { validationFailed } from "@/lib/api/errors";
import { parseRange, type RangeInput } from "@/lib/timeseries/range";

/** A range from a request, or a 422 naming the field, the reason and a hint. */
export function requireRange(
  input: RangeInput,
  where: "query" | "body" = "query",
): { fromMs: number; toMs: number } {
  const range = parseRange(input);
  if (range.ok) return range;
  const message = `${range.reason} ${range.hint}`;
  throw validationFailed(
    [{ path: `${where}.${range.field}`, code: "invalid_range", message }],
    message,
  );
}
