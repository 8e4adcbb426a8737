// The README's test command: lint, type check, unit, integration (real Postgres/Redis/worker), crash test, build, e2e.
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["Lint (incl. import boundaries)", ["npx", "eslint", "--max-warnings", "0", "."]],
  [
    "Import cycles (madge: none anywhere)",
    ["npx", "madge", "--circular", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "--exclude", "^server/generated/", "app", "components", "lib", "server", "workers", "scripts", "bench", "test", "e2e"],
  ],
  ["Type check", ["npx", "tsc", "--noEmit"]],
  ["Unit tests", ["npx", "vitest", "run", "--project", "unit"]],
  ["Integration tests", ["npx", "vitest", "run", "--project", "integration"]],
  ["Security suite (attacks from a signed-up user)", ["npx", "vitest", "run", "--project", "security", "--passWithNoTests"]],
  ["Crash test: 200 runs while workers are SIGKILLed", ["npx", "tsx", "scripts/chaos-worker-kill.ts", "--runs", "200"]],
  ["Crash test: 40 runs parked on waitpoints while workers are SIGKILLed", ["npx", "tsx", "scripts/chaos-worker-kill.ts", "--runs", "40", "--mode", "waitpoints"]],
  ["Production build", ["npx", "next", "build"]],
  ["End-to-end tests (Chromium)", ["npx", "playwright", "test"]],
];

const started = Date.now();
for (const [title, [command, ...args]] of steps) {
  console.log(`\n=== ${title}: ${[command, ...args].join(" ")}`);
  const t0 = Date.now();
  const result = spawnSync(command as string, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${title} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
