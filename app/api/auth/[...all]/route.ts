import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/auth";

// better-auth: sign-in, sign-out, get-session, change-password. Errors answer in the API's shape.
export const { GET, POST, PUT, PATCH, DELETE } = toNextJsHandler(handleAuthRequest);
