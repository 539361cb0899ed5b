"use client";

import { useQuery } from "@tanstack/react-query";
import type { AlertDto } from "@/lib/api/schemas/alert";
import { apiGet } from "./api-client";

export const alertKeys = {
  active: (facilityId?: string) => ["alerts", facilityId ?? "all", "active"] as const,
};

/** Open and acknowledged alerts (of one facility, or every visible one), newest first. */
export function useActiveAlerts(facilityId?: string) {
  const query = facilityId ? `&facility_id=${encodeURIComponent(facilityId)}` : "";
  return useQuery({
    queryKey: alertKeys.active(facilityId),
    queryFn: () =>
      apiGet<{ items: AlertDto[]; next_cursor: string | null }>(
        `/api/occupancy/alerts?status=active&limit=100${query}`,
      ),
    refetchInterval: 5000,
  });
}
