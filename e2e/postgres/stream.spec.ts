import { expect, test } from "@playwright/test";
import { admin, api, doorway, walk } from "../api/fixtures";
import { connect, type SseMessage } from "../api/stream-client";
import { startInstances } from "./instances";

// The instance Playwright started ingests; a second instance on the same database streams.
let instances: Awaited<ReturnType<typeof startInstances>>;

test.beforeAll(async () => {
  instances = await startInstances([3292]);
});
test.afterAll(() => instances?.stop());

const of = (type: string, kind: string, id: string) => (m: SseMessage) => {
  const d = m.data as {
    type?: string;
    entity_kind?: string;
    entity_id?: string;
    facility_id?: string;
  };
  return (
    m.event === type &&
    (type === "alert" ? d.facility_id === id : d.entity_kind === kind && d.entity_id === id)
  );
};

test("events from one instance reach a stream on another, and resume there", async ({
  request,
}) => {
  const other = instances.urls[0]!;
  const { facility, camera } = await doorway(request, { capacity: 2 });
  const url = `${other}${api}/stream?facility_id=${facility.id}`;
  const stream = await connect(url, admin);
  let lastId: string;
  try {
    expect(stream.status).toBe(200);
    await stream.next((m) => m.event === "snapshot");

    const frames = walk([{ track: "a", fromX: 1500, toX: 400 }], Date.now() - 30_000);
    const res = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
    expect(res.status()).toBe(200);
    await stream.next(of("occupancy", "camera", camera.id));
    const last = await stream.next(of("occupancy", "facility", facility.id));
    lastId = last.id!;
  } finally {
    stream.close();
  }

  // Missed while disconnected, on the first instance: an alert (over capacity).
  const more = walk(
    [
      { track: "b", fromX: 1500, toX: 400 },
      { track: "c", fromX: 1500, toX: 400 },
    ],
    Date.now() - 20_000,
  );
  expect(
    (await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames: more } })).status(),
  ).toBe(200);
  await expect
    .poll(
      async () =>
        (await (await request.get(`${api}/facilities/${facility.id}/live`)).json()).occupancy,
    )
    .toBe(3);

  const again = await connect(url, { ...admin, "last-event-id": lastId });
  try {
    const alert = await again.next(of("alert", "", facility.id));
    expect(alert.id).toMatch(/^\d+$/);
    expect(alert.data).toMatchObject({ action: "opened" });
  } finally {
    again.close();
  }
});
