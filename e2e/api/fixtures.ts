import { type APIRequestContext, expect, request as playwrightRequest } from "@playwright/test";
import { zoneNearNoon } from "../support/time";

export { zoneNearNoon };

export const api = "/api/occupancy";

export async function create<T = Record<string, unknown>>(
  request: APIRequestContext,
  path: string,
  data: unknown,
): Promise<T & { id: string }> {
  const res = await request.post(`${api}${path}`, { data });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

export const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 8)}`;

/** A facility with one 1920×1080 camera and a vertical door line at x = 960. */
export async function doorway(request: APIRequestContext, opts: { capacity?: number } = {}) {
  const facility = await create(request, "/facilities", {
    name: unique("Plant"),
    timezone: zoneNearNoon(),
    capacity: opts.capacity ?? 100,
  });
  const camera = await create(request, "/cameras", {
    name: unique("Door cam"),
    facility_id: facility.id,
    width: 1920,
    height: 1080,
  });
  // Drawn top to bottom: its right-hand side on the image is the left half (x < 960).
  const line = await create(request, "/lines", {
    camera_id: camera.id,
    name: "Main door",
    x1: 960,
    y1: 100,
    x2: 960,
    y2: 1000,
    in_side: "right",
  });
  return { facility, camera, line };
}

export interface FrameBody {
  ts: string | number;
  detections: { track_id: string | number; bbox: number[]; confidence?: number }[];
}

/**
 * Frames of people walking horizontally at 10 fps: each walker goes from `fromX` to `toX` (feet at
 * y = 600) over `steps` frames. All walkers share the frame clock starting at `startMs`.
 */
export function walk(
  walkers: { track: string | number; fromX: number; toX: number }[],
  startMs: number,
  steps = 20,
): FrameBody[] {
  const frames: FrameBody[] = [];
  for (let i = 0; i <= steps; i++) {
    frames.push({
      ts: new Date(startMs + i * 100).toISOString(),
      detections: walkers.map((w) => {
        const x = w.fromX + ((w.toX - w.fromX) * i) / steps;
        return { track_id: w.track, bbox: [x - 40, 400, x + 40, 600], confidence: 0.9 };
      }),
    });
  }
  return frames;
}

export async function createKey(
  request: APIRequestContext,
  data: { name: string; capabilities: string[]; facility_ids?: string[] | null },
): Promise<{ id: string; key: string; prefix: string }> {
  const res = await request.post("/api/admin/keys", { data });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

// The test server's bootstrap key: every admin call says so outright.
export const admin = {
  authorization: `Bearer ${process.env.FOOTFALL_BOOTSTRAP_API_KEY ?? "test-bootstrap-key-0123456789"}`,
};
export const password = "correct horse battery staple";

export interface UserBody {
  id: string;
  email: string;
  name: string;
  role: string;
  facility_ids: string[];
}

export const email = () => `${unique("user").replace(" ", "-").toLowerCase()}@example.com`;

export async function createUser(
  request: APIRequestContext,
  data: Partial<{ role: string; facility_ids: string[]; password: string; email: string }> = {},
): Promise<UserBody> {
  const res = await request.post("/api/admin/users", {
    headers: admin,
    data: {
      email: email(),
      name: "Test Person",
      password,
      role: "viewer",
      facility_ids: [],
      ...data,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** A client with its own cookie jar and no API key, like a browser (which sends Origin). */
export async function browser(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
}

export function signIn(client: APIRequestContext, address: string, secret = password) {
  return client.post("/api/auth/sign-in/email", { data: { email: address, password: secret } });
}
