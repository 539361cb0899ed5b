import { expect, test } from "@playwright/test";
import { bootstrapKey } from "../../playwright.config";
import { api, walk, zoneNearNoon } from "../api/fixtures";
import { startInstances } from "./instances";

const asAdmin = { authorization: `Bearer ${bootstrapKey}` };

// Three app instances on one PostgreSQL server: the one Playwright started plus two more.
let instances: Awaited<ReturnType<typeof startInstances>>;
let urls: string[];

test.beforeAll(async ({ baseURL }) => {
  instances = await startInstances([3111, 3112]);
  urls = [baseURL!, ...instances.urls];
});
test.afterAll(() => instances?.stop());

async function post(url: string, path: string, data: unknown) {
  const res = await fetch(`${url}${api}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...asAdmin },
    body: JSON.stringify(data),
  });
  return { status: res.status, body: await res.json() };
}

async function get(url: string, path: string) {
  return (await fetch(`${url}${api}${path}`, { headers: asAdmin })).json();
}

async function setup(cameraCount: number) {
  const facility = (
    await post(urls[0]!, "/facilities", {
      name: `Multi ${Math.random()}`,
      timezone: zoneNearNoon(),
    })
  ).body;
  const cameras = [];
  for (let i = 0; i < cameraCount; i++) {
    const camera = (
      await post(urls[0]!, "/cameras", { name: `Cam ${i}`, facility_id: facility.id })
    ).body;
    await post(urls[0]!, "/lines", {
      camera_id: camera.id,
      name: "Door",
      x1: 960,
      y1: 100,
      x2: 960,
      y2: 1000,
    });
    cameras.push(camera);
  }
  return { facility, cameras };
}

/** Each camera's people: most walk in, every third walks out again later. */
function cameraStream(start: number, people: number) {
  const batches = [];
  for (let p = 0; p < people; p++) {
    const inward = walk([{ track: `p${p}`, fromX: 1300, toX: 600 }], start + p * 4000, 20);
    batches.push(inward.slice(0, 10), inward.slice(10));
    if (p % 3 === 2) {
      const outward = walk(
        [{ track: `p${p}`, fromX: 600, toX: 1300 }],
        start + p * 4000 + 2500,
        10,
      );
      batches.push(outward);
    }
  }
  return batches;
}

test("a camera's batches spread over instances count exactly as on one instance", async () => {
  const cameraCount = 6;
  const people = 8;
  const { facility, cameras } = await setup(cameraCount);
  const start = Date.now() - 10 * 60_000;
  // Cameras post concurrently; each sends its batches one at a time, round-robin over instances.
  await Promise.all(
    cameras.map(async (camera, c) => {
      const batches = cameraStream(start + c * 137, people);
      for (let b = 0; b < batches.length; b++) {
        const url = urls[(b + c) % urls.length]!;
        const res = await post(url, `/cameras/${camera.id}/frames`, { frames: batches[b] });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }),
  );
  const exitsPerCamera = Math.floor(people / 3);
  for (const camera of cameras) {
    const live = await get(urls[1]!, `/cameras/${camera.id}/live`);
    expect(live).toMatchObject({
      entries: people,
      exits: exitsPerCamera,
      occupancy: people - exitsPerCamera,
    });
  }
  const live = await get(urls[2]!, `/facilities/${facility.id}/live`);
  expect(live).toMatchObject({
    occupancy: cameraCount * (people - exitsPerCamera),
    entries: cameraCount * people,
    exits: cameraCount * exitsPerCamera,
  });
});

test("a retry arriving on another instance while the first attempt is in flight changes nothing", async () => {
  const { facility, cameras } = await setup(1);
  const camera = cameras[0]!;
  const start = Date.now() - 5 * 60_000;
  for (let p = 0; p < 5; p++) {
    const frames = walk([{ track: `r${p}`, fromX: 1300, toX: 600 }], start + p * 3000);
    // The same batch, three times at once, on three instances.
    const answers = await Promise.all(
      urls.map((url) => post(url, `/cameras/${camera.id}/frames`, { frames })),
    );
    for (const a of answers) expect(a.status).toBe(200);
    expect(answers.map((a) => a.body.accepted).sort()).toEqual([0, 0, frames.length]);
    expect(answers.reduce((n, a) => n + a.body.crossings.length, 0)).toBe(1);
  }
  const live = await get(urls[0]!, `/facilities/${facility.id}/live`);
  expect(live).toMatchObject({ occupancy: 5, entries: 5 });
});
