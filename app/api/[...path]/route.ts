import { AppError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/route";

// Unknown API paths answer in the API's own error shape, not with an HTML page.
const notFound = (req: Request) =>
  errorResponse(new AppError("not_found", "No such API endpoint"), crypto.randomUUID(), req);

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as DELETE,
  notFound as PATCH,
};
