import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { api, browser, create, createKey, createUser, doorway, signIn } from "./fixtures";

interface Operation {
  method: string;
  path: string;
  capability: string;
}

async function operations(request: APIRequestContext): Promise<Operation[]> {
  const doc = await (await request.get("/api/openapi.json")).json();
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, { "x-capability": string }>>(
    doc.paths,
  )) {
    for (const [method, op] of Object.entries(item)) {
      ops.push({ method: method.toUpperCase(), path, capability: op["x-capability"] });
    }
  }
  return ops;
}

/** A facility with one of everything, for filling `{id}` in any path. */
async function site(request: APIRequestContext) {
  const { facility, camera, line } = await doorway(request);
  const zone = await create(request, "/zones", { facility_id: facility.id, name: "Zone" });
  const webhook = await create(request, `/facilities/${facility.id}/webhooks`, {
    url: "https://hooks.example.invalid/footfall",
    event_types: ["alert.opened"],
    enabled: false,
  });
  return { facility, camera, line, zone, webhook };
}

function fill(path: string, ids: Awaited<ReturnType<typeof site>>, keyId: string): string {
  const id = path.startsWith(`${api}/facilities/`)
    ? ids.facility.id
    : path.startsWith(`${api}/zones/`)
      ? ids.zone.id
      : path.startsWith(`${api}/cameras/`)
        ? ids.camera.id
        : path.startsWith(`${api}/lines/`)
          ? ids.line.id
          : path.startsWith("/api/webhooks/")
            ? ids.webhook.id
            : keyId;
  // Without facility_id these read the default facility, which a scoped caller may not see.
  if (path.startsWith(`${api}/facility/`)) return `${path}?facility_id=${ids.facility.id}`;
  return path.replace("{id}", id);
}

async function asKey(baseURL: string, key: string | null) {
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: key ? { authorization: `Bearer ${key}` } : {},
  });
}

async function send(ctx: APIRequestContext, op: Operation, url: string) {
  return ctx.fetch(url, {
    method: op.method,
    ...(op.method === "POST" || op.method === "PUT" ? { data: {} } : {}),
  });
}

test("without credentials every endpoint but health, readiness and docs answers 401", async ({
  request,
  baseURL,
}) => {
  const ids = await site(request);
  const anonymous = await asKey(baseURL!, null);
  const ops = await operations(request);
  expect(ops.length).toBeGreaterThan(25);
  for (const op of ops) {
    const res = await send(anonymous, op, fill(op.path, ids, "key_x"));
    // Public endpoints may still refuse a bad body, but never for want of credentials.
    if (op.capability === "public") {
      expect(res.status(), `${op.method} ${op.path}`).not.toBe(401);
    } else {
      expect(res.status(), `${op.method} ${op.path}`).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
  }
  expect((await anonymous.get("/api/openapi.json")).status()).toBe(200);
  expect((await anonymous.get("/docs")).status()).toBe(200);
});

test("a read-only key reads but every write answers 403", async ({ request, baseURL }) => {
  const ids = await site(request);
  const key = await createKey(request, {
    name: "dashboard",
    capabilities: ["read"],
    facility_ids: null,
  });
  const reader = await asKey(baseURL!, key.key);
  for (const op of await operations(request)) {
    if (op.capability === "public") continue;
    const res = await send(reader, op, fill(op.path, ids, key.id));
    const where = `${op.method} ${op.path}`;
    // A person's own sessions exist only for a browser session, not for a key.
    if (op.path.startsWith("/api/auth/")) expect(res.status(), where).toBe(401);
    else if (op.capability === "read") expect(res.status(), where).toBeLessThan(400);
    else expect(res.status(), where).toBe(403);
  }
});

test("a key scoped to facility A gets 404 for everything of facility B", async ({
  request,
  baseURL,
}) => {
  const a = await site(request);
  const b = await site(request);
  const key = await createKey(request, {
    name: "edge box A",
    capabilities: ["read", "configure", "ingest"],
    facility_ids: [a.facility.id],
  });
  const scoped = await asKey(baseURL!, key.key);
  for (const op of await operations(request)) {
    if (!op.path.includes("{id}") || !op.path.startsWith(api)) continue;
    const where = `${op.method} ${op.path}`;
    const theirs = await send(scoped, op, fill(op.path, b, key.id));
    const nobodys = await send(scoped, op, op.path.replace("{id}", "cam_doesnotexist000"));
    // Exactly what a resource that does not exist gets: nothing tells B's apart.
    expect(theirs.status(), where).toBe(nobodys.status());
    expect((await theirs.json()).error.code, where).toBe((await nobodys.json()).error.code);
    if (op.method === "GET" || op.method === "DELETE") expect(theirs.status(), where).toBe(404);
  }
  const frames = [{ ts: Date.now() - 1000, detections: [] }];
  const ingest = await scoped.post(`${api}/cameras/${b.camera.id}/frames`, { data: { frames } });
  expect(ingest.status()).toBe(404);
  const calibrate = await scoped.post(`${api}/facilities/${b.facility.id}/calibrate`, {
    data: { occupancy: 1, reason: "x" },
  });
  expect(calibrate.status()).toBe(404);
  const edit = await scoped.put(`${api}/lines/${b.line.id}`, { data: { name: "mine now" } });
  expect(edit.status()).toBe(404);
  // Its own facility works, and lists show only what it may see.
  expect((await scoped.get(`${api}/facilities/${a.facility.id}/live`)).status()).toBe(200);
  const facilities = await (await scoped.get(`${api}/facilities`)).json();
  expect(facilities.items.map((f: { id: string }) => f.id)).toEqual([a.facility.id]);
  const cameras = await (await scoped.get(`${api}/cameras?limit=500`)).json();
  expect(cameras.items.map((c: { id: string }) => c.id)).toEqual([a.camera.id]);
  // A new camera without a facility would go to the default facility, which it may not see.
  expect((await scoped.post(`${api}/cameras`, { data: { name: "x" } })).status()).toBe(404);
  expect((await scoped.post(`${api}/facilities`, { data: { name: "x" } })).status()).toBe(403);
});

test("wrong, malformed and revoked keys are refused; use is recorded", async ({
  request,
  baseURL,
}) => {
  const key = await createKey(request, {
    name: "temp",
    capabilities: ["read"],
  });
  expect(key.key).toMatch(/^ff_[0-9a-z]{8}_[0-9a-z]{32}$/);
  expect(key.key.startsWith(`ff_${key.prefix}_`)).toBe(true);

  const good = await asKey(baseURL!, key.key);
  expect((await good.get(`${api}/facilities`)).status()).toBe(200);
  const listed = await (await request.get("/api/admin/keys?limit=500")).json();
  const mine = listed.items.find((k: { id: string }) => k.id === key.id);
  expect(mine.last_used_at).not.toBeNull();
  expect(mine).not.toHaveProperty("key");
  expect(JSON.stringify(listed)).not.toContain(key.key.slice(12));

  // Change the last character, whatever it is: a key that happens to end in "x" must still differ.
  const wrong = await asKey(
    baseURL!,
    `${key.key.slice(0, -1)}${key.key.endsWith("x") ? "y" : "x"}`,
  );
  expect((await wrong.get(`${api}/facilities`)).status()).toBe(401);
  const malformed = await asKey(baseURL!, "not-a-key");
  expect((await malformed.get(`${api}/facilities`)).status()).toBe(401);

  expect((await request.delete(`/api/admin/keys/${key.id}`)).status()).toBe(204);
  expect((await good.get(`${api}/facilities`)).status()).toBe(401);
});

test("only admins manage keys and read the audit log, which records changes", async ({
  request,
  baseURL,
}) => {
  const operator = await createKey(request, {
    name: "operator",
    capabilities: ["read", "configure"],
  });
  const op = await asKey(baseURL!, operator.key);
  expect((await op.get("/api/admin/keys")).status()).toBe(403);
  expect((await op.get("/api/admin/audit")).status()).toBe(403);

  const { line } = await doorway(request);
  await op.put(`${api}/lines/${line.id}`, { data: { name: "Renamed by operator" } });
  const audit = await (await request.get(`/api/admin/audit?entity_id=${line.id}`)).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
    "line.update",
    "line.create",
  ]);
  expect(audit.items[0]).toMatchObject({ actor_kind: "key", actor_id: operator.id });
  expect(audit.items[0].actor_label).toContain("operator");
});

test("pages and API answers carry the security headers", async ({ request }) => {
  for (const path of ["/", "/api/health", `${api}/facilities`]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("a viewer's session reads its facilities, every write answers 403, other facilities 404", async ({
  request,
  baseURL,
}) => {
  const mine = await site(request);
  const theirs = await site(request);
  const viewer = await createUser(request, { role: "viewer", facility_ids: [mine.facility.id] });
  const session = await browser(baseURL!);
  expect((await signIn(session, viewer.email)).status()).toBe(200);

  for (const op of await operations(request)) {
    if (op.capability === "public" || op.path.startsWith("/api/auth/")) continue;
    const where = `${op.method} ${op.path}`;
    const res = await send(session, op, fill(op.path, mine, "key_x"));
    if (op.capability === "read") expect(res.status(), where).toBeLessThan(400);
    else expect(res.status(), where).toBe(403);
  }
  for (const op of await operations(request)) {
    if (op.method !== "GET" || !op.path.includes("{id}") || !op.path.startsWith(api)) continue;
    const res = await send(session, op, fill(op.path, theirs, "key_x"));
    expect(res.status(), `${op.method} ${op.path} of another facility`).toBe(404);
  }
  const listed = await (await session.get(`${api}/facilities`)).json();
  expect(listed.items.map((f: { id: string }) => f.id)).toEqual([mine.facility.id]);
});

test("a signed-in browser's write from another site's page is refused", async ({
  request,
  baseURL,
}) => {
  const { facility } = await site(request);
  const operator = await createUser(request, { role: "operator", facility_ids: [facility.id] });
  const session = await browser(baseURL!);
  expect((await signIn(session, operator.email)).status()).toBe(200);
  const data = { facility_id: facility.id, name: "From elsewhere" };
  const forged = await session.post(`${api}/zones`, {
    data,
    headers: { origin: "https://evil.example" },
  });
  expect(forged.status()).toBe(403);
  expect((await session.post(`${api}/zones`, { data })).status()).toBe(201);
});

test("an ingest key posting faster than its limit gets 429 with Retry-After", async ({
  request,
  baseURL,
}) => {
  const { camera } = await site(request);
  const key = await createKey(request, { name: "chatty", capabilities: ["ingest"] });
  const edge = await asKey(baseURL!, key.key);
  const start = Date.now() - 60_000;
  const statuses: number[] = [];
  let retryAfter: string | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await edge.post(`${api}/cameras/${camera.id}/frames`, {
      data: { frames: [{ ts: start + i * 100, detections: [] }] },
    });
    statuses.push(res.status());
    if (res.status() === 429) retryAfter = res.headers()["retry-after"];
  }
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(10);
  expect(statuses).toContain(429);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
});
