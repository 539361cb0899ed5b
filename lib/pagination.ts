import { AppError } from "@/lib/api/errors";

/** Keyset pages over an id-ordered list: the cursor is the last id of the previous page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, next_cursor: more ? encodeCursor(items[items.length - 1]!.id) : null };
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z]+_[0-9a-z]+$/.test(id)) {
    throw new AppError("validation_failed", "The cursor is not valid", [
      {
        path: "query.cursor",
        code: "invalid_cursor",
        message: "Use next_cursor from a previous page",
      },
    ]);
  }
  return id;
}
