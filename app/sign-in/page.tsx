import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getDb } from "@/db/client";
import { hasAdmin } from "@/lib/auth/first-run";
import { currentSession } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/users/redirect";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Footfall" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (await currentSession(new Headers(await headers()))) redirect(next);
  const showSetup = !(await hasAdmin(await getDb()));
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      <SignInForm next={next} showSetup={showSetup} />
    </section>
  );
}
