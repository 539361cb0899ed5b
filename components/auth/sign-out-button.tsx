"use client";

import { useSignOut } from "@/lib/hooks/use-auth";

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <div>
      <button
        type="button"
        onClick={() =>
          signOut.mutate(undefined, { onSuccess: () => window.location.assign("/sign-in") })
        }
        disabled={signOut.isPending}
        className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60"
        data-testid="sign-out"
      >
        {signOut.isPending ? "Signing out…" : "Sign out"}
      </button>
      {signOut.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {signOut.error.message}
        </p>
      )}
    </div>
  );
}
