import type { Metadata } from "next";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/db/client";
import { hasAdmin } from "@/lib/auth/first-run";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up · Footfall" };

export default async function SetupPage() {
  const done = await hasAdmin(await getDb());
  return (
    <section className="mx-auto max-w-sm">
      <h1 className="mb-2 text-2xl font-semibold">Set up Footfall</h1>
      {done ? (
        <p data-testid="setup-done">
          Setup is complete: an administrator exists.{" "}
          <a href="/sign-in" className="underline">
            Sign in
          </a>
        </p>
      ) : (
        <>
          <p className="mb-6 text-sm text-slate-600">
            Create the first administrator. This page works only until one exists.
          </p>
          <SetupForm />
        </>
      )}
    </section>
  );
}
