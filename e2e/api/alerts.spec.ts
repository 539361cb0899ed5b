import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { admin, api, createKey, doorway, walk } from "./fixtures";

interface AlertBody {
  id: string;
  type: string;
  severity: string;
  status: string;
  camera_id: string | null;
  evidence: Record<string, unknown>;
  acknowledged_by: { id: string; label: string } | null;
  acknowledge_note: string | null;
  resolved_by: { id: string; label: string } | null;
  resolve_note: string | null;
}

async function alertsOf(request: APIRequestContext, facilityId: string, extra = "") {
  const res = await request.get(`${api}/alerts?facility_id=${facilityId}&status=all${extra}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).items as AlertBody[];
}

/** A camera's producer: batches in time order, people walking in (→ left) or out (→ right). */
function door(request: APIRequestContext, cameraId: string) {
  let clock = Date.now() - 10 * 60_000;
  let n = 0;
  return async (ins: number, outs: number) => {
    const walkers = [
      ...Array.from({ length: ins }, () => ({ track: `p${n++}`, fromX: 1300, toX: 600 })),
      ...Array.from({ length: outs }, () => ({ track: `p${n++}`, fromX: 600, toX: 1300 })),
    ];
    const res = await request.post(`${api}/cameras/${cameraId}/frames`, {
      data: { frames: walk(walkers, clock) },
    });
    clock += 3000;
    expect(res.status(), await res.text()).toBe(200);
  };
}

test("capacity: one warning escalated to critical, no flapping, resolved below the clear level", async ({
  request,
}) => {
  const { facility, camera } = await doorway(request, { capacity: 5 });
  const pass = door(request, camera.id);
  const only = async () => {
    const items = await alertsOf(request, facility.id, "&type=capacity");
    return items.map((a) => ({ severity: a.severity, status: a.status, id: a.id }));
  };

  await pass(3, 0);
  await pass(1, 0); // 4 of 5: 80%
  await expect
    .poll(only)
    .toEqual([{ severity: "warning", status: "open", id: expect.any(String) }]);
  const [first] = await only();

  await pass(1, 0); // 5 of 5: critical, the same alert
  await expect.poll(only).toEqual([{ severity: "critical", status: "open", id: first!.id }]);

  // The count wobbles around the levels: 4, 5, 4, 5, 4 — still the one alert.
  for (let i = 0; i < 2; i++) {
    await pass(0, 1);
    await pass(1, 0);
  }
  await pass(0, 1);
  await new Promise((r) => setTimeout(r, 600));
  expect(await only()).toEqual([{ severity: "critical", status: "open", id: first!.id }]);

  await pass(0, 1); // 3 of 5: below the clear level of 70%
  await expect.poll(only).toEqual([{ severity: "critical", status: "resolved", id: first!.id }]);
  const [resolved] = await alertsOf(request, facility.id);
  expect(resolved!.resolved_by).toEqual({ id: "system", label: "system" });
  expect(resolved!.evidence).toMatchObject({ capacity: 5, peak: 5 });
  // Not active any more: the default list leaves it out.
  const active = await (await request.get(`${api}/alerts?facility_id=${facility.id}`)).json();
  expect(active.items).toEqual([]);
});

test("acknowledge and resolve record who did it and their note", async ({ request, baseURL }) => {
  const { facility, camera } = await doorway(request, { capacity: 2 });
  await door(request, camera.id)(2, 0);
  await expect.poll(async () => (await alertsOf(request, facility.id)).length).toBe(1);
  const [alert] = await alertsOf(request, facility.id);

  const key = await createKey(request, {
    name: "safety desk",
    capabilities: ["read", "configure"],
    facility_ids: [facility.id],
  });
  const desk = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${key.key}` },
  });
  const ack = await desk.put(`${api}/alerts/${alert!.id}/acknowledge`, {
    data: { note: "On my way" },
  });
  expect(ack.status(), await ack.text()).toBe(200);
  expect(await ack.json()).toMatchObject({
    status: "acknowledged",
    acknowledged_by: { id: key.id },
    acknowledge_note: "On my way",
  });
  expect((await desk.put(`${api}/alerts/${alert!.id}/acknowledge`, { data: {} })).status()).toBe(
    409,
  );

  const done = await request.put(`${api}/alerts/${alert!.id}/resolve`, {
    headers: admin,
    data: { note: "Second door opened" },
  });
  expect(done.status(), await done.text()).toBe(200);
  expect(await done.json()).toMatchObject({
    status: "resolved",
    resolved_by: { id: "bootstrap" },
    resolve_note: "Second door opened",
  });
  const audit = await (await request.get(`/api/admin/audit?entity_id=${alert!.id}`)).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
    "alert.resolve",
    "alert.acknowledge",
  ]);
  expect(
    (await request.put(`${api}/alerts/alr_doesnotexist0000/resolve`, { data: {} })).status(),
  ).toBe(404);
});

test("rules and working hours are set through the API and validated", async ({ request }) => {
  const { facility } = await doorway(request);
  const rules = await request.put(`${api}/facilities/${facility.id}/alert-rules`, {
    data: { capacity: { warning_percent: 75, cooldown_seconds: 60 } },
  });
  expect(rules.status(), await rules.text()).toBe(200);
  expect((await rules.json()).rules.capacity).toMatchObject({
    warning_percent: 75,
    critical_percent: 100,
    clear_gap_percent: 10,
    cooldown_seconds: 60,
  });
  const bad = await request.put(`${api}/facilities/${facility.id}/alert-rules`, {
    data: { capacity: { critical_percent: 70 } },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.details[0].path).toBe("capacity.critical_percent");

  const hours = await request.put(`${api}/facilities/${facility.id}/working-hours`, {
    data: {
      weekly: {
        mon: [
          { start: "08:00", end: "12:00" },
          { start: "11:00", end: "17:30" },
        ],
      },
      closed_dates: ["2026-12-25"],
    },
  });
  expect(hours.status(), await hours.text()).toBe(200);
  expect(await hours.json()).toMatchObject({
    always_open: false,
    weekly: { mon: [{ start: "08:00", end: "17:30" }], tue: [] },
    closed_dates: ["2026-12-25"],
  });
  const wrong = await request.put(`${api}/facilities/${facility.id}/working-hours`, {
    data: { weekly: { mon: [{ start: "18:00", end: "08:00" }] } },
  });
  expect(wrong.status()).toBe(422);
});

test("a silent camera raises camera_offline during working hours only, and clears when it reports", async ({
  request,
}) => {
  test.setTimeout(90_000);
  const open = await doorway(request);
  const closed = await doorway(request);
  for (const site of [open, closed]) {
    const res = await request.put(`${api}/facilities/${site.facility.id}/alert-rules`, {
      data: { camera_offline: { minutes: 0.1 } },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  // Closed every day of the week.
  const hours = await request.put(`${api}/facilities/${closed.facility.id}/working-hours`, {
    data: { weekly: {} },
  });
  expect((await hours.json()).open_now).toBe(false);
  const openDoor = door(request, open.camera.id);
  await openDoor(0, 0);
  await door(request, closed.camera.id)(0, 0);

  const offline = async () =>
    (await alertsOf(request, open.facility.id, "&type=camera_offline")).map((a) => ({
      camera_id: a.camera_id,
      status: a.status,
    }));
  await expect
    .poll(offline, { timeout: 45_000, intervals: [1000] })
    .toEqual([{ camera_id: open.camera.id, status: "open" }]);
  const [alert] = await alertsOf(request, open.facility.id);
  expect(alert!.evidence).toMatchObject({ threshold_minutes: 0.1 });

  await openDoor(0, 0);
  await request.put(`${api}/facilities/${open.facility.id}/alert-rules`, {
    data: { camera_offline: { minutes: 60 } },
  });
  await expect
    .poll(offline, { timeout: 30_000, intervals: [1000] })
    .toEqual([{ camera_id: open.camera.id, status: "resolved" }]);
  // Silent just as long, but outside its working hours.
  expect(await alertsOf(request, closed.facility.id)).toEqual([]);
});
