import pino from "pino";

const level = process.env.LOG_LEVEL ?? "info";

const SECRET_PATTERNS: [RegExp, string][] = [
  // Provider keys: sk-…, sk-ant-…, sk-proj-…
  [/\bsk-[A-Za-z0-9_-]{6,}/g, "sk-[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  // key=value and "key": "value" for names that hold secrets
  [/\b(password|passwd|secret|api[_-]?key|access[_-]?token|refresh[_-]?token|token|authorization|x-api-key)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi, "$1$2[redacted]"],
  // credentials inside URLs: scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, "$1[redacted]@"],
];

/** The text with secret-looking substrings (API keys, bearer tokens, passwords, URL credentials) blanked. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Fields that carry free text from errors, where a secret may hide. */
const FREE_TEXT_FIELDS = ["err", "error", "message", "reason", "cause"];

/**
 * Structured logs; credentials and passwords are redacted wherever they appear: by field name
 * (pino `redact`), and inside error texts by pattern. `destination` is for tests.
 */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { proc: process.env.ORCHESTRA_PROCESS ?? "web" },
    redact: {
      paths: ["password", "*.password", "apiKey", "*.apiKey", "authorization", "*.authorization", "cookie", "*.cookie", "headers.*", "token", "*.token", "secret", "*.secret"],
      censor: "[redacted]",
    },
    formatters: {
      log(object) {
        const redacted = { ...object };
        for (const field of FREE_TEXT_FIELDS) {
          const value = redacted[field];
          if (typeof value === "string") redacted[field] = redactSecrets(value);
        }
        return redacted;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();
