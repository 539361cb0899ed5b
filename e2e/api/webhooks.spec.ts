import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { api, createKey, doorway, walk } from "./fixtures";

// The verification snippet from the API docs, as a receiver would paste it.
function verify(secret: string, signatureHeader: string, rawBody: string) {
  const { t, v1 } = Object.fromEntries(signatureHeader.split(",").map((p) => p.split("=", 2)));
  if (!/^\d+$/.test(t ?? "") || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback; `status(n)` answers its n-th request (1-based). */
async function receiver(status: (n: number) => number = () => 200) {
  const received: Received[] = [];
  let answer = status;
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer(received.length);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/footfall`,
    received,
    answerWith: (s: (n: number) => number) => {
      answer = s;
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

interface Webhook {
  id: string;
  facility_id: string;
  secret: string;
  created_at: string;
  event_types: string[];
}

// Deleted after each test, so no webhook of these tests outlives its receiver.
const registered: string[] = [];
test.afterEach(async ({ request }) => {
  for (const id of registered.splice(0)) await request.delete(`/api/webhooks/${id}`);
});

async function register(
  request: APIRequestContext,
  facilityId: string,
  url: string,
  eventTypes = ["alert.opened"],
): Promise<Webhook> {
  const res = await request.post(`${api}/facilities/${facilityId}/webhooks`, {
    data: { url, event_types: eventTypes, description: "test receiver" },
  });
  expect(res.status(), await res.text()).toBe(201);
  const hook: Webhook = await res.json();
  registered.push(hook.id);
  return hook;
}

async function delivery(request: APIRequestContext, webhookId: string, deliveryId: string) {
  const list = await (await request.get(`/api/webhooks/${webhookId}/deliveries?limit=500`)).json();
  return list.items.find((d: { id: string }) => d.id === deliveryId);
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("a webhook is registered, read, changed, re-keyed and deleted; the secret shows once", async ({
  request,
  baseURL,
}) => {
  const { facility } = await doorway(request);
  const hook = await register(request, facility.id, "https://example.com/hook", [
    "alert.opened",
    "occupancy.threshold",
  ]);
  expect(hook.secret).toMatch(/^whsec_[0-9a-z]{32}$/);
  const got = await (await request.get(`/api/webhooks/${hook.id}`)).json();
  expect(got).toMatchObject({ id: hook.id, facility_id: facility.id, enabled: true });
  expect(got).not.toHaveProperty("secret");
  expect(got.secret_hint).toBe(hook.secret.slice(-4));
  const list = await (await request.get(`${api}/facilities/${facility.id}/webhooks`)).json();
  expect(list.items.map((w: { id: string }) => w.id)).toEqual([hook.id]);
  expect(JSON.stringify(list)).not.toContain(hook.secret);

  const bad = await request.post(`${api}/facilities/${facility.id}/webhooks`, {
    data: { url: "ftp://example.com/x", event_types: ["alert.opened"] },
  });
  expect(bad.status()).toBe(422);
  const noTypes = await request.post(`${api}/facilities/${facility.id}/webhooks`, {
    data: { url: "https://example.com/x", event_types: ["webhook.test"] },
  });
  expect(noTypes.status()).toBe(422);

  const updated = await request.put(`/api/webhooks/${hook.id}`, {
    data: { enabled: false, event_types: ["crossings.minute"] },
  });
  expect(updated.status()).toBe(200);
  expect(await updated.json()).toMatchObject({ enabled: false, event_types: ["crossings.minute"] });
  // A disabled webhook gets no test event.
  expect((await request.post(`/api/webhooks/${hook.id}/test`)).status()).toBe(409);

  const rotated = await (await request.post(`/api/webhooks/${hook.id}/rotate-secret`)).json();
  expect(rotated.secret).toMatch(/^whsec_/);
  expect(rotated.secret).not.toBe(hook.secret);

  // Read-only callers list but cannot change.
  const reader = await createKey(request, { name: "reader", capabilities: ["read"] });
  const asReader = { authorization: `Bearer ${reader.key}` };
  expect((await request.get(`/api/webhooks/${hook.id}`, { headers: asReader })).status()).toBe(200);
  expect(
    (await request.post(`/api/webhooks/${hook.id}/test`, { headers: asReader })).status(),
  ).toBe(403);

  expect((await request.delete(`/api/webhooks/${hook.id}`)).status()).toBe(204);
  expect((await request.get(`/api/webhooks/${hook.id}`)).status()).toBe(404);
  const audit = await (await request.get(`/api/admin/audit?entity_id=${hook.id}`)).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
    "webhook.delete",
    "webhook.rotate_secret",
    "webhook.update",
    "webhook.create",
  ]);
  expect(JSON.stringify(audit)).not.toContain(hook.secret);
  expect(baseURL).toBeTruthy();
});

test("a test event reaches a real receiver, signed, with its event id", async ({ request }) => {
  const r = await receiver();
  try {
    const { facility } = await doorway(request);
    const hook = await register(request, facility.id, r.url);
    const res = await request.post(`/api/webhooks/${hook.id}/test`);
    expect(res.status(), await res.text()).toBe(201);
    const sent = await res.json();
    expect(sent).toMatchObject({ webhook_id: hook.id, type: "webhook.test", status: "pending" });
    await until(
      async () => r.received.length,
      (n) => n > 0,
    );
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got!.headers["x-footfall-event"]).toBe("webhook.test");
    expect(got!.headers["x-footfall-event-id"]).toBe(sent.event_id);
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(verify(hook.secret, String(got!.headers["x-footfall-signature"]), got!.body)).toBe(true);
    expect(verify("whsec_wrong", String(got!.headers["x-footfall-signature"]), got!.body)).toBe(
      false,
    );
    expect(JSON.parse(got!.body)).toMatchObject({
      id: sent.event_id,
      type: "webhook.test",
      facility_id: facility.id,
      data: { webhook_id: hook.id },
    });
    const after = await until(
      () => delivery(request, hook.id, sent.id),
      (d) => d?.status === "delivered",
    );
    expect(after).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
  } finally {
    await r.close();
  }
});

test("a receiver that fails twice then recovers gets the event on attempt 3, same event id", async ({
  request,
}) => {
  const r = await receiver((n) => (n <= 2 ? 500 : 200));
  try {
    const { facility } = await doorway(request);
    const hook = await register(request, facility.id, r.url);
    const sent = await (await request.post(`/api/webhooks/${hook.id}/test`)).json();
    const done = await until(
      () => delivery(request, hook.id, sent.id),
      (d) => d?.status === "delivered",
    );
    expect(done).toMatchObject({ status: "delivered", attempts: 3, last_status: 200 });
    expect(r.received).toHaveLength(3);
    expect(r.received.map((x) => x.headers["x-footfall-event-id"])).toEqual([
      sent.event_id,
      sent.event_id,
      sent.event_id,
    ]);
    // Each attempt is signed afresh (its own timestamp) and verifies.
    for (const x of r.received) {
      expect(verify(hook.secret, String(x.headers["x-footfall-signature"]), x.body)).toBe(true);
    }
  } finally {
    await r.close();
  }
});

test("a receiver that always fails is dead-lettered, listed, and a retry delivers it", async ({
  request,
}) => {
  test.setTimeout(90_000);
  const r = await receiver(() => 503);
  try {
    const { facility } = await doorway(request);
    const hook = await register(request, facility.id, r.url);
    const sent = await (await request.post(`/api/webhooks/${hook.id}/test`)).json();
    const dead = await until(
      () => delivery(request, hook.id, sent.id),
      (d) => d?.status === "dead",
      60_000,
    );
    expect(dead).toMatchObject({ status: "dead", attempts: 8, last_status: 503 });
    expect(dead.last_error).toContain("503");
    expect(r.received).toHaveLength(8);

    const deadList = await (
      await request.get(`/api/webhooks/${hook.id}/deliveries?status=dead`)
    ).json();
    expect(deadList.items.map((d: { id: string }) => d.id)).toEqual([sent.id]);
    const delivered = await (
      await request.get(`/api/webhooks/${hook.id}/deliveries?status=delivered`)
    ).json();
    expect(delivered.items).toEqual([]);

    // Only dead deliveries can be retried; the receiver is fixed, then "retry now".
    r.answerWith(() => 200);
    const retried = await request.post(`/api/webhooks/deliveries/${sent.id}/retry`);
    expect(retried.status(), await retried.text()).toBe(200);
    expect(await retried.json()).toMatchObject({ status: "pending", attempts: 0 });
    const done = await until(
      () => delivery(request, hook.id, sent.id),
      (d) => d?.status === "delivered",
    );
    expect(done).toMatchObject({ status: "delivered", attempts: 1, event_id: sent.event_id });
    expect(r.received.at(-1)!.headers["x-footfall-event-id"]).toBe(sent.event_id);
    expect((await request.post(`/api/webhooks/deliveries/${sent.id}/retry`)).status()).toBe(409);
  } finally {
    await r.close();
  }
});

test("people walking through a door arrive as a crossings.minute summary", async ({ request }) => {
  test.setTimeout(100_000);
  const r = await receiver();
  try {
    const { facility, camera, line } = await doorway(request);
    const hook = await register(request, facility.id, r.url, ["crossings.minute"]);
    // The first summary is of the minute before the webhook was created: walk in that minute.
    const minute = Math.floor(Date.parse(hook.created_at) / 60_000) * 60_000 - 60_000;
    const frames = walk(
      [
        { track: "a", fromX: 1300, toX: 600 },
        { track: "b", fromX: 1250, toX: 650 },
        { track: "c", fromX: 500, toX: 1400 },
      ],
      minute + 20_000,
    );
    const res = await request.post(`${api}/cameras/${camera.id}/frames`, { data: { frames } });
    expect(res.status(), await res.text()).toBe(200);
    // Due 10 s after the minute it follows has ended; summarised at second 12 of each minute.
    await until(
      async () => r.received.length,
      (n) => n > 0,
      75_000,
    );
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got!.headers["x-footfall-event"]).toBe("crossings.minute");
    expect(verify(hook.secret, String(got!.headers["x-footfall-signature"]), got!.body)).toBe(true);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "crossings.minute",
      facility_id: facility.id,
      occurred_at: new Date(minute + 60_000).toISOString(),
      data: {
        minute: new Date(minute).toISOString(),
        entries: 2,
        exits: 1,
        lines: [{ line_id: line.id, camera_id: camera.id, entries: 2, exits: 1 }],
      },
    });
  } finally {
    await r.close();
  }
});
