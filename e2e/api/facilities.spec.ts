import { expect, test } from "@playwright/test";
import { api, create, unique } from "./fixtures";

test("a facility can be created, read, listed, updated and deleted", async ({ request }) => {
  const created = await create(request, "/facilities", {
    name: unique("Warehouse"),
    timezone: "Asia/Kathmandu",
    capacity: 250,
    reset_time: "03:00",
  });
  expect(created).toMatchObject({
    timezone: "Asia/Kathmandu",
    capacity: 250,
    warning_threshold: 0.8,
    reset_time: "03:00",
    allow_negative: false,
    is_default: false,
  });
  expect(created.id).toMatch(/^fac_/);

  const read = await request.get(`${api}/facilities/${created.id}`);
  expect(await read.json()).toEqual(created);

  const updated = await request.put(`${api}/facilities/${created.id}`, { data: { capacity: 300 } });
  expect(updated.status()).toBe(200);
  expect(await updated.json()).toMatchObject({ capacity: 300, timezone: "Asia/Kathmandu" });

  const list = await (await request.get(`${api}/facilities?limit=500`)).json();
  expect(list.items.map((f: { id: string }) => f.id)).toContain(created.id);
  expect(list).toHaveProperty("next_cursor");

  expect((await request.delete(`${api}/facilities/${created.id}`)).status()).toBe(204);
  const gone = await request.get(`${api}/facilities/${created.id}`);
  expect(gone.status()).toBe(404);
  expect((await gone.json()).error.code).toBe("not_found");
});

test("lists page with a cursor", async ({ request }) => {
  for (let i = 0; i < 3; i++) await create(request, "/facilities", { name: unique("Paged") });
  const first = await (await request.get(`${api}/facilities?limit=2`)).json();
  expect(first.items).toHaveLength(2);
  expect(first.next_cursor).toEqual(expect.any(String));
  const second = await (
    await request.get(`${api}/facilities?limit=2&cursor=${first.next_cursor}`)
  ).json();
  const ids = new Set([...first.items, ...second.items].map((f: { id: string }) => f.id));
  expect(ids.size).toBe(first.items.length + second.items.length);
});

test("bad input gets a 4xx with a machine-readable error and creates nothing", async ({
  request,
}) => {
  const before = (await (await request.get(`${api}/facilities?limit=500`)).json()).items.length;

  const invalid = await request.post(`${api}/facilities`, {
    data: { name: "", timezone: "Mars/Olympus", capacity: -5 },
  });
  expect(invalid.status()).toBe(422);
  const body = await invalid.json();
  expect(body.error.code).toBe("validation_failed");
  const paths = body.error.details.map((d: { path: string }) => d.path);
  expect(paths).toEqual(expect.arrayContaining(["name", "timezone", "capacity"]));

  const notJson = await request.post(`${api}/facilities`, {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{ not json"),
  });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.code).toBe("invalid_json");

  const unknownField = await request.post(`${api}/facilities`, {
    data: { name: "x", colour: "red" },
  });
  expect(unknownField.status()).toBe(422);

  const after = (await (await request.get(`${api}/facilities?limit=500`)).json()).items.length;
  expect(after).toBe(before);
});

test("a retried create with the same Idempotency-Key creates one facility", async ({ request }) => {
  const key = `key-${Math.random()}`;
  const data = { name: unique("Once") };
  const a = await request.post(`${api}/facilities`, { data, headers: { "idempotency-key": key } });
  const b = await request.post(`${api}/facilities`, { data, headers: { "idempotency-key": key } });
  expect(a.status()).toBe(201);
  expect(b.status()).toBe(201);
  expect((await b.json()).id).toBe((await a.json()).id);

  const reused = await request.post(`${api}/facilities`, {
    data: { name: "Other" },
    headers: { "idempotency-key": key },
  });
  expect(reused.status()).toBe(422);
  expect((await reused.json()).error.code).toBe("idempotency_key_reused");
});

test("a facility with cameras cannot be deleted", async ({ request }) => {
  const facility = await create(request, "/facilities", { name: unique("Busy") });
  await create(request, "/cameras", { name: "Cam", facility_id: facility.id });
  const res = await request.delete(`${api}/facilities/${facility.id}`);
  expect(res.status()).toBe(409);
  expect((await res.json()).error.code).toBe("conflict");
});

test("unknown API paths answer 404 in the API's error shape", async ({ request }) => {
  const res = await request.get("/api/occupancy/nothing-here");
  expect(res.status()).toBe(404);
  expect((await res.json()).error.code).toBe("not_found");
});

test("health, readiness and the OpenAPI document are public", async ({ request }) => {
  expect(await (await request.get("/api/health")).json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", jobs: { scheduler: "running" } });
  const doc = await (await request.get("/api/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/api/occupancy/cameras/{id}/frames",
      "/api/occupancy/facilities/{id}/live",
      "/api/occupancy/lines/{id}",
    ]),
  );
  expect(doc.paths["/api/occupancy/cameras/{id}/frames"].post.description).toContain("Limits");
});
