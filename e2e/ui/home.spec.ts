import { expect, test } from "@playwright/test";
import { api, doorway, walk } from "../api/fixtures";

test("the home page lists facilities and their live occupancy refreshes", async ({
  page,
  request,
}) => {
  const { facility, camera } = await doorway(request, { capacity: 3 });
  await page.goto("/");
  const card = page.getByTestId(`facility-${facility.id}`);
  await expect(card.getByRole("heading", { name: facility.name as string })).toBeVisible();
  await expect(card.getByTestId("occupancy")).toHaveText("0 / 3");

  await request.post(`${api}/cameras/${camera.id}/frames`, {
    data: {
      frames: walk(
        [
          { track: "1", fromX: 1300, toX: 600 },
          { track: "2", fromX: 1350, toX: 650 },
          { track: "3", fromX: 1400, toX: 700 },
        ],
        Date.now() - 60_000,
      ),
    },
  });
  // No reload: the card polls.
  await expect(card.getByTestId("occupancy")).toHaveText("3 / 3", { timeout: 10_000 });
  await expect(card.getByText("over", { exact: true })).toBeVisible();
  await expect(card.getByText(/3 in · 0 out/)).toBeVisible();
});

test("the API docs page lists the endpoints", async ({ page }) => {
  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: /Footfall API/ })).toBeVisible();
  await expect(page.getByText("/api/occupancy/cameras/{id}/frames")).toBeVisible();
});
