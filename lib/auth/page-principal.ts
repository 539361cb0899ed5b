import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { authenticate } from "./authenticate";
import { anonymous, type Principal } from "./principal";

/** Who is viewing a page (session cookie, or a bearer key for scripted browsers). */
export async function pagePrincipal(): Promise<Principal> {
  const req = new Request("http://footfall.local/", { headers: await headers() });
  // A bad or revoked key on a page is simply "not signed in".
  return authenticate(req, await getDb()).catch(() => anonymous);
}

/** Pages behind sign-in: anonymous visitors go to the sign-in page and come back after. */
export async function requireViewer(path: string): Promise<Principal> {
  const principal = await pagePrincipal();
  if (principal.kind === "anonymous") redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return principal;
}
