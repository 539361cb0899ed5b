import { type APIRequestContext, expect, test } from "@playwright/test";

const admin = {
  authorization: `Bearer ${process.env.FOOTFALL_BOOTSTRAP_API_KEY ?? "test-bootstrap-key-0123456789"}`,
};
const password = "correct horse battery staple";

async function newUser(request: APIRequestContext) {
  const email = `ui-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const res = await request.post("/api/admin/users", {
    headers: admin,
    data: { email, name: "Ui Person", password, role: "viewer", facility_ids: [] },
  });
  expect(res.status(), await res.text()).toBe(201);
  return email;
}

// A browser without the suite's API key: only its session cookie speaks for it.
test.use({ extraHTTPHeaders: {} });

test("signing in through the page lands on the home page with a session cookie", async ({
  page,
  request,
  context,
}) => {
  const email = await newUser(request);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  const cookie = (await context.cookies()).find((c) => c.name === "footfall.session_token");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // Signed in, the sign-in page sends you on.
  await page.goto("/sign-in?next=/docs");
  await expect(page).toHaveURL(/\/docs$/);
});

test("a wrong password shows an error and stays on the page", async ({ page, request }) => {
  const email = await newUser(request);
  await page.goto("/sign-in?next=/docs");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText(/wrong email or password/i);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
});

test("?next= only leads to pages of this site", async ({ page, request }) => {
  const email = await newUser(request);
  await page.goto("/sign-in?next=//evil.example/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("the account page lists your sessions and signs out", async ({ page, request }) => {
  const email = await newUser(request);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount|\/sign-in\?next=\/account/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-identity")).toContainText(email);
  const list = page.getByRole("list", { name: "Your sessions" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list.getByText("this browser")).toBeVisible();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});
