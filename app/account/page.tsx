import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AccountSessions } from "@/components/auth/account-sessions";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { currentSession } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account · Footfall" };

export default async function AccountPage() {
  const session = await currentSession(new Headers(await headers()));
  if (!session) redirect("/sign-in?next=/account");
  return (
    <section className="space-y-8">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Your account</h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="account-identity">
            {session.name} · {session.email} · {session.role}
          </p>
        </div>
        <SignOutButton />
      </div>
      <div>
        <h2 className="mb-3 text-lg font-medium">Sessions</h2>
        <p className="mb-3 text-sm text-slate-600">
          Browsers signed in as you. Revoke any you do not recognise.
        </p>
        <AccountSessions />
      </div>
    </section>
  );
}
