import { z } from "zod";
import { endpoint } from "./endpoint";
import { adminEndpoints } from "./endpoints/admin";
import { alertEndpoints } from "./endpoints/alerts";
import { authEndpoints } from "./endpoints/auth";
import { historyEndpoints, rollupEndpoints } from "./endpoints/history";
import { streamEndpoints } from "./endpoints/stream";
import { userEndpoints } from "./endpoints/users";
import { webhooksEndpoints } from "./endpoints/webhooks";
import { Camera, CreateCamera, ListCamerasQuery, UpdateCamera } from "./schemas/camera";
import { IdParams, listOf, Pagination } from "./schemas/common";
import { CreateFacility, Facility, UpdateFacility } from "./schemas/facility";
import { INGEST_LIMITS, IngestBatch, IngestResult } from "./schemas/ingest";
import { CreateLine, Line, UpdateLine } from "./schemas/line";
import {
  Calibrate,
  Calibration,
  CameraLive,
  FacilityLive,
  FacilityLiveQuery,
} from "./schemas/live";
import { MetricsText, Readiness } from "./schemas/operations";
import { FacilityStats, StatsQuery } from "./schemas/stats";
import { CreateZone, UpdateZone, Zone } from "./schemas/zone";

const base = "/api/occupancy";

function calibrateEndpoint(kind: string, collection: string) {
  return endpoint({
    method: "POST",
    path: `${base}/${collection}/{id}/calibrate`,
    summary: `Set a ${kind}'s occupancy (recorded in the ledger)`,
    description:
      "The calibration is an append-only ledger row: raw crossings are kept, and every later " +
      "minute is replayed from the value given, at `ts` (default now).",
    tag: "Calibration",
    capability: "configure",
    params: IdParams,
    body: Calibrate,
    response: Calibration,
    status: 201,
    idempotent: true,
  });
}

export const endpoints = {
  health: endpoint({
    method: "GET",
    path: "/api/health",
    summary: "Liveness",
    tag: "Operations",
    capability: "public",
    response: z.object({ status: z.literal("ok") }),
  }),
  ready: endpoint({
    method: "GET",
    path: "/api/ready",
    summary: "Readiness: database reachable and migrated, jobs running",
    description:
      "503 until the database answers, every migration has run and this instance's job " +
      "scheduler has started. Lists each scheduled job's last run (on any instance).",
    tag: "Operations",
    capability: "public",
    response: Readiness,
    errors: [503],
  }),
  metrics: endpoint({
    method: "GET",
    path: "/api/metrics",
    summary: "Prometheus metrics of this instance",
    description:
      "Prometheus text exposition format 0.0.4. Needs the `metrics` capability: create a " +
      'scrape-only key with `POST /api/admin/keys` `{"name": "prometheus", "capabilities": ' +
      '["metrics"]}` and send it as `Authorization: Bearer <key>`. Counters are per instance: ' +
      "scrape every instance and sum.",
    tag: "Operations",
    capability: "metrics",
    response: MetricsText,
    produces: "text/plain; version=0.0.4",
  }),

  createFacility: endpoint({
    method: "POST",
    path: `${base}/facilities`,
    summary: "Create a facility",
    tag: "Facilities",
    capability: "configure",
    body: CreateFacility,
    response: Facility,
    status: 201,
    idempotent: true,
  }),
  listFacilities: endpoint({
    method: "GET",
    path: `${base}/facilities`,
    summary: "List facilities",
    tag: "Facilities",
    capability: "read",
    query: Pagination,
    response: listOf(Facility),
  }),
  getFacility: endpoint({
    method: "GET",
    path: `${base}/facilities/{id}`,
    summary: "Get a facility",
    tag: "Facilities",
    capability: "read",
    params: IdParams,
    response: Facility,
  }),
  updateFacility: endpoint({
    method: "PUT",
    path: `${base}/facilities/{id}`,
    summary: "Update a facility (the fields given)",
    tag: "Facilities",
    capability: "configure",
    params: IdParams,
    body: UpdateFacility,
    response: Facility,
  }),
  deleteFacility: endpoint({
    method: "DELETE",
    path: `${base}/facilities/{id}`,
    summary: "Delete an empty facility",
    description: "Refused with 409 while the facility has cameras or zones, or is the default.",
    tag: "Facilities",
    capability: "configure",
    params: IdParams,
    errors: [409],
  }),

  createZone: endpoint({
    method: "POST",
    path: `${base}/zones`,
    summary: "Create a zone",
    tag: "Zones",
    capability: "configure",
    body: CreateZone,
    response: Zone,
    status: 201,
    idempotent: true,
  }),
  listZones: endpoint({
    method: "GET",
    path: `${base}/facilities/{id}/zones`,
    summary: "List a facility's zones",
    tag: "Zones",
    capability: "read",
    params: IdParams,
    query: Pagination,
    response: listOf(Zone),
  }),
  getZone: endpoint({
    method: "GET",
    path: `${base}/zones/{id}`,
    summary: "Get a zone",
    tag: "Zones",
    capability: "read",
    params: IdParams,
    response: Zone,
  }),
  updateZone: endpoint({
    method: "PUT",
    path: `${base}/zones/{id}`,
    summary: "Update a zone",
    tag: "Zones",
    capability: "configure",
    params: IdParams,
    body: UpdateZone,
    response: Zone,
  }),
  deleteZone: endpoint({
    method: "DELETE",
    path: `${base}/zones/{id}`,
    summary: "Delete a zone",
    description: "Refused with 409 while lines still bound it. Its history is kept.",
    tag: "Zones",
    capability: "configure",
    params: IdParams,
    errors: [409],
  }),

  createCamera: endpoint({
    method: "POST",
    path: `${base}/cameras`,
    summary: "Create a camera",
    description: "Without facility_id the camera joins the default facility.",
    tag: "Cameras",
    capability: "configure",
    body: CreateCamera,
    response: Camera,
    status: 201,
    idempotent: true,
  }),
  listCameras: endpoint({
    method: "GET",
    path: `${base}/cameras`,
    summary: "List cameras",
    tag: "Cameras",
    capability: "read",
    query: Pagination.extend(ListCamerasQuery.shape),
    response: listOf(Camera),
  }),
  getCamera: endpoint({
    method: "GET",
    path: `${base}/cameras/{id}`,
    summary: "Get a camera",
    tag: "Cameras",
    capability: "read",
    params: IdParams,
    response: Camera,
  }),
  updateCamera: endpoint({
    method: "PUT",
    path: `${base}/cameras/{id}`,
    summary: "Update a camera",
    description: "Changing width/height rescales the camera's lines with it.",
    tag: "Cameras",
    capability: "configure",
    params: IdParams,
    body: UpdateCamera,
    response: Camera,
  }),
  deleteCamera: endpoint({
    method: "DELETE",
    path: `${base}/cameras/{id}`,
    summary: "Delete a camera and its lines (history is kept)",
    tag: "Cameras",
    capability: "configure",
    params: IdParams,
  }),

  createLine: endpoint({
    method: "POST",
    path: `${base}/lines`,
    summary: "Create a counting line",
    tag: "Lines",
    capability: "configure",
    body: CreateLine,
    response: Line,
    status: 201,
    idempotent: true,
  }),
  listCameraLines: endpoint({
    method: "GET",
    path: `${base}/cameras/{id}/lines`,
    summary: "List a camera's lines",
    tag: "Lines",
    capability: "read",
    params: IdParams,
    query: Pagination,
    response: listOf(Line),
  }),
  getLine: endpoint({
    method: "GET",
    path: `${base}/lines/{id}`,
    summary: "Get a line",
    tag: "Lines",
    capability: "read",
    params: IdParams,
    response: Line,
  }),
  updateLine: endpoint({
    method: "PUT",
    path: `${base}/lines/{id}`,
    summary: "Update a line",
    description:
      "Changing geometry, in_side, anchor or params resets the line's tracks in flight, so an " +
      "edit never produces a phantom crossing.",
    tag: "Lines",
    capability: "configure",
    params: IdParams,
    body: UpdateLine,
    response: Line,
  }),
  deleteLine: endpoint({
    method: "DELETE",
    path: `${base}/lines/{id}`,
    summary: "Delete a line (its crossings stay in the history)",
    tag: "Lines",
    capability: "configure",
    params: IdParams,
  }),

  ingestFrames: endpoint({
    method: "POST",
    path: `${base}/cameras/{id}/frames`,
    summary: "Post a batch of tracked detections",
    description: [
      "One batch is applied whole, in one transaction, or not at all.",
      "Frames at or before the camera's watermark (its newest accepted frame) are duplicates:",
      "a retried batch changes nothing. Send one batch at a time per camera and wait for the",
      "answer (or retry the same batch): two batches of one camera in flight at once may commit",
      "out of order, and the older one's frames would then count as duplicates. Send `sequence`",
      "(+1 per batch) to have such a reordering refused with 409 out_of_sequence instead.",
      `Limits: body ≤ ${INGEST_LIMITS.maxBodyBytes} bytes (413), ≤ ${INGEST_LIMITS.maxFrames} frames,`,
      `≤ ${INGEST_LIMITS.maxDetectionsPerFrame} detections per frame, ≤ ${INGEST_LIMITS.maxDetectionsPerBatch}`,
      "detections per batch (422), frames in strictly increasing time, none more than",
      `${INGEST_LIMITS.maxFutureSkewMs / 60_000} minutes ahead of the server's clock (422).`,
    ].join(" "),
    tag: "Ingest",
    capability: "ingest",
    params: IdParams,
    body: IngestBatch,
    response: IngestResult,
    maxBodyBytes: INGEST_LIMITS.maxBodyBytes,
    errors: [409, 413],
  }),

  cameraLive: endpoint({
    method: "GET",
    path: `${base}/cameras/{id}/live`,
    summary: "Live occupancy of a camera",
    tag: "Live",
    capability: "read",
    params: IdParams,
    response: CameraLive,
  }),
  facilityLive: endpoint({
    method: "GET",
    path: `${base}/facility/live`,
    summary: "Live occupancy of a facility (the default one when facility_id is omitted)",
    tag: "Live",
    capability: "read",
    query: FacilityLiveQuery,
    response: FacilityLive,
  }),
  facilityLiveById: endpoint({
    method: "GET",
    path: `${base}/facilities/{id}/live`,
    summary: "Live occupancy of a facility, its zones and cameras",
    tag: "Live",
    capability: "read",
    params: IdParams,
    response: FacilityLive,
  }),
  ...streamEndpoints,

  calibrateCamera: calibrateEndpoint("camera", "cameras"),
  calibrateZone: calibrateEndpoint("zone", "zones"),
  calibrateFacility: calibrateEndpoint("facility", "facilities"),
  ...adminEndpoints,
  ...authEndpoints,
  ...historyEndpoints,
  ...rollupEndpoints,
  facilityStats: endpoint({
    method: "GET",
    path: `${base}/facility/stats`,
    summary: "A facility's figures for a range, beside the period just before",
    description:
      "Totals, peak occupancy and when, time-weighted average occupancy, minutes at or over " +
      "capacity, the busiest local hour of the day and day of the week, an average dwell time " +
      "estimate (occupancy integral ÷ entries), and the same figures for the previous period of " +
      "equal length. Built from hourly history (ranges up to 93 days).",
    tag: "History",
    capability: "read",
    query: StatsQuery,
    response: FacilityStats,
  }),
  ...userEndpoints,
  ...webhooksEndpoints,
  ...alertEndpoints,
} as const;

export type Endpoints = typeof endpoints;
