import { z } from "zod";
import { endpoint } from "../endpoint";
import { User } from "../schemas/user";

/**
 * Served by better-auth (app/api/auth/[...all]); declared here so the API docs show them. Our
 * security headers apply to them like to every path, and sign-in attempts are throttled in the
 * database (lib/auth/auth.ts).
 */
export const authEndpoints = {
  signIn: endpoint({
    method: "POST",
    path: "/api/auth/sign-in/email",
    summary: "Sign in with email and password",
    description:
      "Sets the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS). Repeated failures " +
      "for an address or account answer 429 with Retry-After.",
    tag: "Accounts",
    capability: "public",
    body: z
      .object({ email: z.email(), password: z.string(), rememberMe: z.boolean().optional() })
      .meta({ id: "SignIn" }),
    response: z.object({ redirect: z.boolean(), user: User.partial() }),
    errors: [401, 429],
  }),
  signOut: endpoint({
    method: "POST",
    path: "/api/auth/sign-out",
    summary: "Sign out: ends this browser session",
    tag: "Accounts",
    capability: "public",
    response: z.object({ success: z.boolean() }),
  }),
} as const;
