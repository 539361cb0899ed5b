import { type APIResponse, expect, request as playwrightRequest, test } from "@playwright/test";
import {
  admin,
  api,
  browser,
  create,
  createUser,
  email,
  password,
  signIn,
  type UserBody,
  unique,
} from "./fixtures";

function setCookies(res: APIResponse): string[] {
  return res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

test("an admin creates, reads, lists, updates and deletes users; passwords never come back", async ({
  request,
}) => {
  const facility = await create(request, "/facilities", { name: unique("Granted") });
  const user = await createUser(request, { role: "operator", facility_ids: [facility.id] });
  expect(user).toMatchObject({
    role: "operator",
    facility_ids: [facility.id],
    name: "Test Person",
  });
  expect(user.id).toMatch(/^usr_/);
  expect(JSON.stringify(user)).not.toContain(password);

  const read = await request.get(`/api/admin/users/${user.id}`, { headers: admin });
  expect(await read.json()).toEqual(user);
  const list = await (await request.get("/api/admin/users?limit=500", { headers: admin })).json();
  expect(list.items.map((u: UserBody) => u.id)).toContain(user.id);
  expect(list).toHaveProperty("next_cursor");
  expect(JSON.stringify(list)).not.toMatch(/password|scrypt/i);

  const updated = await request.put(`/api/admin/users/${user.id}`, {
    headers: admin,
    data: { name: "Renamed", role: "viewer", facility_ids: [] },
  });
  expect(updated.status()).toBe(200);
  expect(await updated.json()).toMatchObject({ name: "Renamed", role: "viewer", facility_ids: [] });

  const audit = await (
    await request.get(`/api/admin/audit?entity_id=${user.id}`, { headers: admin })
  ).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
    "user.update",
    "user.create",
  ]);
  expect(JSON.stringify(audit)).not.toContain(password);

  expect((await request.delete(`/api/admin/users/${user.id}`, { headers: admin })).status()).toBe(
    204,
  );
  expect((await request.get(`/api/admin/users/${user.id}`, { headers: admin })).status()).toBe(404);
});

test("bad user input is a 422 naming the field; a taken email is a 409", async ({ request }) => {
  const unknown = await request.post("/api/admin/users", {
    headers: admin,
    data: {
      email: email(),
      name: "X",
      password,
      role: "viewer",
      facility_ids: ["fac_doesnotexist00"],
    },
  });
  expect(unknown.status()).toBe(422);
  const body = await unknown.json();
  expect(body.error.code).toBe("validation_failed");
  expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["facility_ids[0]"]);

  const invalid = await request.post("/api/admin/users", {
    headers: admin,
    data: { email: "not-an-email", name: "", password: "short", role: "boss" },
  });
  expect(invalid.status()).toBe(422);
  const paths = (await invalid.json()).error.details.map((d: { path: string }) => d.path);
  expect(paths).toEqual(expect.arrayContaining(["email", "name", "password", "role"]));

  const user = await createUser(request);
  const again = await request.post("/api/admin/users", {
    headers: admin,
    data: { email: user.email.toUpperCase(), name: "Dup", password, role: "viewer" },
  });
  expect(again.status()).toBe(409);
});

test("signing in sets an HttpOnly SameSite=Lax cookie; sessions are listed and revoked", async ({
  request,
  baseURL,
}) => {
  const user = await createUser(request);
  const laptop = await browser(baseURL!);
  const phone = await browser(baseURL!);

  const signedIn = await signIn(laptop, user.email.toUpperCase());
  expect(signedIn.status()).toBe(200);
  const cookie = setCookies(signedIn).find((c) => c.startsWith("footfall.session_token="));
  expect(cookie).toBeDefined();
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  expect(cookie).not.toMatch(/;\s*Secure/i); // plain http here
  const body = await signedIn.json();
  expect(body.user).toMatchObject({ id: user.id, email: user.email, role: "viewer" });
  expect(body).not.toHaveProperty("token");
  expect((await signIn(phone, user.email)).status()).toBe(200);

  const mine = await laptop.get("/api/auth/sessions");
  expect(mine.status(), await mine.text()).toBe(200);
  const sessions = (await mine.json()).items as { id: string; current: boolean }[];
  expect(sessions).toHaveLength(2);
  const laptopSession = sessions.find((s) => s.current)!;
  const phoneSession = sessions.find((s) => !s.current)!;
  expect(laptopSession).toBeDefined();
  expect(JSON.stringify(sessions)).not.toContain("token");

  const seen = await request.get(`/api/admin/users/${user.id}/sessions`, { headers: admin });
  const adminView = (await seen.json()).items as Record<string, unknown>[];
  expect(adminView.map((s) => s.id).sort()).toEqual([laptopSession.id, phoneSession.id].sort());
  for (const s of adminView) {
    expect(Object.keys(s).sort()).toEqual(
      ["created_at", "expires_at", "id", "ip", "user_agent", "user_id"].sort(),
    );
  }

  // The laptop signs the phone out; the phone's cookie stops working at once.
  expect((await laptop.delete(`/api/auth/sessions/${phoneSession.id}`)).status()).toBe(204);
  expect((await phone.get("/api/auth/sessions")).status()).toBe(401);
  // Someone else's session is not yours to revoke (nor to know about).
  const other = await createUser(request);
  const stranger = await browser(baseURL!);
  await signIn(stranger, other.email);
  expect((await stranger.delete(`/api/auth/sessions/${laptopSession.id}`)).status()).toBe(404);

  // An admin revokes the laptop's session.
  expect(
    (await request.delete(`/api/admin/sessions/${laptopSession.id}`, { headers: admin })).status(),
  ).toBe(204);
  const gone = await laptop.get("/api/auth/sessions");
  expect(gone.status()).toBe(401);
  expect((await gone.json()).error.code).toBe("unauthenticated");
  expect(
    (await request.delete(`/api/admin/sessions/${laptopSession.id}`, { headers: admin })).status(),
  ).toBe(404);

  const audit = await (
    await request.get(`/api/admin/audit?entity_id=${laptopSession.id}`, { headers: admin })
  ).json();
  expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["session.revoke"]);
});

test("signing out ends the session and clears the cookie", async ({ request, baseURL }) => {
  const user = await createUser(request);
  const client = await browser(baseURL!);
  await signIn(client, user.email);
  const session = await (await client.get("/api/auth/get-session")).json();
  expect(session.user.id).toBe(user.id);
  expect(session.session).not.toHaveProperty("token");

  const out = await client.post("/api/auth/sign-out", { data: {} });
  expect(out.status()).toBe(200);
  expect(setCookies(out).join("\n")).toMatch(/footfall\.session_token=;.*Max-Age=0/i);
  const sessions = await request.get(`/api/admin/users/${user.id}/sessions`, { headers: admin });
  expect((await sessions.json()).items).toEqual([]);
});

test("over https (or behind a TLS proxy) the cookie is Secure and __Secure- prefixed", async ({
  request,
  baseURL,
}) => {
  const user = await createUser(request);
  const client = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-proto": "https" },
  });
  const res = await signIn(client, user.email);
  expect(res.status()).toBe(200);
  const cookie = setCookies(res).find((c) => c.startsWith("__Secure-footfall.session_token="));
  expect(cookie).toMatch(/;\s*Secure/i);
  expect(cookie).toMatch(/;\s*HttpOnly/i);
});

test("a wrong password is a 401; repeated attempts get 429 with Retry-After", async ({
  request,
  baseURL,
}) => {
  const user = await createUser(request);
  const client = await browser(baseURL!);
  for (let i = 0; i < 5; i++) {
    const res = await signIn(client, user.email, "wrong password, try again");
    expect(res.status()).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.message).toMatch(/invalid email or password/i);
  }
  const limited = await signIn(client, user.email, "wrong password, try again");
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe("rate_limited");
  // Backing off holds for the right password too, or guessing could go on.
  expect((await signIn(client, user.email)).status()).toBe(429);
  // Unknown emails answer like wrong passwords: nothing tells whether an account exists.
  const nobody = await signIn(client, email(), "whatever it is");
  expect(nobody.status()).toBe(401);
  expect((await nobody.json()).error.message).toMatch(/invalid email or password/i);
});

test("setting a password signs the user out everywhere", async ({ request, baseURL }) => {
  const user = await createUser(request);
  const client = await browser(baseURL!);
  expect((await signIn(client, user.email)).status()).toBe(200);

  const short = await request.post(`/api/admin/users/${user.id}/password`, {
    headers: admin,
    data: { password: "too short" },
  });
  expect(short.status()).toBe(422);
  const newPassword = "a different long passphrase";
  const set = await request.post(`/api/admin/users/${user.id}/password`, {
    headers: admin,
    data: { password: newPassword },
  });
  expect(set.status()).toBe(204);
  const sessions = await request.get(`/api/admin/users/${user.id}/sessions`, { headers: admin });
  expect((await sessions.json()).items).toEqual([]);
  expect((await client.get("/api/auth/get-session")).status()).toBe(200);
  expect(await (await client.get("/api/auth/get-session")).json()).toBeNull();

  const fresh = await browser(baseURL!);
  expect((await signIn(fresh, user.email)).status()).toBe(401);
  expect((await signIn(fresh, user.email, newPassword)).status()).toBe(200);
});

test("the last admin can be neither demoted nor deleted", async ({ request }) => {
  const me = await createUser(request, { role: "admin" });
  const all = await (await request.get("/api/admin/users?limit=500", { headers: admin })).json();
  const others = (all.items as UserBody[]).filter((u) => u.role === "admin" && u.id !== me.id);
  // Leave `me` as the only admin for a moment.
  for (const u of others) {
    const res = await request.put(`/api/admin/users/${u.id}`, {
      headers: admin,
      data: { role: "operator" },
    });
    expect(res.status()).toBe(200);
  }
  try {
    const demote = await request.put(`/api/admin/users/${me.id}`, {
      headers: admin,
      data: { role: "viewer" },
    });
    expect(demote.status()).toBe(409);
    expect((await demote.json()).error.code).toBe("conflict");
    expect((await request.delete(`/api/admin/users/${me.id}`, { headers: admin })).status()).toBe(
      409,
    );
    expect((await request.get(`/api/admin/users/${me.id}`, { headers: admin })).status()).toBe(200);
  } finally {
    for (const u of others) {
      await request.put(`/api/admin/users/${u.id}`, { headers: admin, data: { role: "admin" } });
    }
  }
});

test("setup creates the first admin only while there is none", async ({ request, baseURL }) => {
  const client = await browser(baseURL!);
  const first = await client.post("/api/setup", {
    data: { email: email(), name: "First", password },
  });
  // 201 on a fresh server, 409 once any admin exists (earlier tests may have made one).
  expect([201, 409]).toContain(first.status());
  const again = await client.post("/api/setup", {
    data: { email: email(), name: "Second", password },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("conflict");
  const users = await (await request.get("/api/admin/users?limit=500", { headers: admin })).json();
  expect(users.items.some((u: UserBody) => u.name === "Second")).toBe(false);
});

test("auth endpoints answer JSON errors; sign-up is closed to the public", async ({ baseURL }) => {
  const client = await browser(baseURL!);
  for (const [method, path] of [
    ["POST", "/api/auth/sign-up/email"],
    ["GET", "/api/auth/no-such-thing"],
    ["GET", "/api/auth/list-sessions"],
  ] as const) {
    const res = await client.fetch(path, { method, ...(method === "POST" ? { data: {} } : {}) });
    expect(res.status(), path).toBe(404);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect((await res.json()).error.code).toBe("not_found");
  }
  const noSession = await client.get("/api/auth/sessions");
  expect(noSession.status()).toBe(401);
  expect((await noSession.json()).error.code).toBe("unauthenticated");
  // Occupancy data is still behind the same wall for a signed-out browser.
  expect((await client.get(`${api}/facilities`)).status()).toBe(401);
});
