import { openApiDocument } from "@/lib/api/openapi";
import { methodNotAllowed } from "@/lib/api/route";

export const GET = () => Response.json(openApiDocument());

const notAllowed = methodNotAllowed(["GET"]);

export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
