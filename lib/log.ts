import pino from "pino";

/** Structured JSON logs on stdout. Never log secrets or request bodies. */
export const log = pino({
  level: process.env.FOOTFALL_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "footfall" },
  redact: ["authorization", "cookie", "*.authorization", "*.cookie"],
});
