"use client";

import type { MySessionDto } from "@/lib/api/schemas/user";
import { useMySessions, useRevokeMySession } from "@/lib/hooks/use-auth";

function when(isoString: string) {
  return new Date(isoString).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

export function AccountSessions() {
  const { data, error, isPending } = useMySessions();
  const revoke = useRevokeMySession();
  if (isPending) return <p className="text-slate-500">Loading…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {error.message}
      </p>
    );
  const sessions = [...data.items].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <div>
      {revoke.error && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {revoke.error.message}
        </p>
      )}
      <ul className="divide-y rounded-lg border bg-white" aria-label="Your sessions">
        {sessions.map((s) => (
          <SessionRow
            key={s.id}
            session={s}
            pending={revoke.isPending && revoke.variables === s.id}
            onRevoke={() =>
              revoke.mutate(s.id, {
                // Revoking this very session signs this browser out.
                onSuccess: () => {
                  if (s.current) window.location.assign("/sign-in");
                },
              })
            }
          />
        ))}
      </ul>
    </div>
  );
}

function SessionRow({
  session,
  pending,
  onRevoke,
}: {
  session: MySessionDto;
  pending: boolean;
  onRevoke: () => void;
}) {
  return (
    <li
      className="flex items-center justify-between gap-4 p-4"
      data-testid={`session-${session.id}`}
    >
      <div className="min-w-0">
        <p className="truncate text-sm font-medium">
          {session.user_agent ?? "Unknown browser"}
          {session.current && (
            <span className="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
              this browser
            </span>
          )}
        </p>
        <p className="text-xs text-slate-600">
          {session.ip ?? "unknown address"} · signed in {when(session.created_at)} · expires{" "}
          {when(session.expires_at)}
        </p>
      </div>
      <button
        type="button"
        onClick={onRevoke}
        disabled={pending}
        aria-label={`Revoke session from ${session.user_agent ?? "unknown browser"}${session.current ? " (this browser)" : ""}`}
        className="shrink-0 rounded border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
    </li>
  );
}
