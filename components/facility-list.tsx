"use client";

import type { FacilityDto } from "@/lib/api/schemas/facility";
import { useFacilities, useFacilityLive } from "@/lib/hooks/use-facilities";

export function FacilityList() {
  const { data, error, isPending } = useFacilities();
  if (isPending) return <p className="text-slate-500">Loading…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {error.message}
      </p>
    );
  if (data.items.length === 0) return <p>No facilities yet.</p>;
  return (
    <ul className="grid gap-4 sm:grid-cols-2">
      {data.items.map((f) => (
        <FacilityCard key={f.id} facility={f} />
      ))}
    </ul>
  );
}

const statusStyle = {
  unknown: "bg-slate-100 text-slate-600",
  ok: "bg-emerald-100 text-emerald-800",
  warning: "bg-amber-100 text-amber-800",
  over: "bg-red-100 text-red-800",
} as const;

function FacilityCard({ facility }: { facility: FacilityDto }) {
  const { data: live } = useFacilityLive(facility.id);
  return (
    <li
      className="rounded-lg border bg-white p-5 shadow-sm"
      data-testid={`facility-${facility.id}`}
    >
      <div className="flex items-start justify-between">
        <h2 className="font-medium">{facility.name}</h2>
        {live && (
          <span className={`rounded px-2 py-0.5 text-xs ${statusStyle[live.status]}`}>
            {live.status === "unknown" ? "no boundary lines" : live.status}
          </span>
        )}
      </div>
      <p className="mt-3 text-3xl font-semibold tabular-nums" data-testid="occupancy">
        {live ? (live.occupancy ?? "—") : "…"}
        {live?.capacity ? (
          <span className="text-base font-normal text-slate-500"> / {live.capacity}</span>
        ) : null}
      </p>
      {live && (
        <p className="mt-1 text-sm text-slate-600">
          {live.entries} in · {live.exits} out since{" "}
          {new Date(live.since).toLocaleTimeString([], {
            timeZone: live.timezone,
            hour: "2-digit",
            minute: "2-digit",
          })}{" "}
          ({live.timezone}) · {live.cameras.length} camera{live.cameras.length === 1 ? "" : "s"}
        </p>
      )}
    </li>
  );
}
