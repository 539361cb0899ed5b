/** Runs once per server process: open the database and migrate it before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startup } = await import("./lib/operations/startup");
  await startup();
}
