"use client";

import { useQuery } from "@tanstack/react-query";
import type { FacilityDto } from "@/lib/api/schemas/facility";
import type { FacilityLiveDto } from "@/lib/api/schemas/live";
import { apiGet } from "./api-client";

export const facilityKeys = {
  list: ["facilities"] as const,
  live: (id: string) => ["facilities", id, "live"] as const,
};

export function useFacilities() {
  return useQuery({
    queryKey: facilityKeys.list,
    queryFn: () => apiGet<{ items: FacilityDto[] }>("/api/occupancy/facilities?limit=500"),
  });
}

/** Live occupancy of one facility, refreshed every few seconds. */
export function useFacilityLive(id: string) {
  return useQuery({
    queryKey: facilityKeys.live(id),
    queryFn: () =>
      apiGet<FacilityLiveDto>(`/api/occupancy/facilities/${encodeURIComponent(id)}/live`),
    refetchInterval: 3000,
  });
}
