import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const serverModules = ["@/server/*", "@/server/**", "**/server/*", "**/server/**"];

/** Boundaries from STYLE.md: the browser never imports server code, lib/ stays pure, the engine never imports UI. */
const boundaries = [
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: serverModules, allowTypeImports: true, message: "Client code may only import server types (import type)." }] },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: serverModules, message: "lib/ is shared with the browser and worker: it cannot import server/." },
            { group: ["react", "react-dom", "next", "next/*", "node:*"], message: "lib/ holds no React, Next or Node APIs." },
          ],
        },
      ],
    },
  },
  {
    files: ["server/engine/**/*.ts", "workers/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["react", "react-dom", "next", "next/*", "@xyflow/*", "@/components/*"], message: "The engine runs without React or Next." },
            {
              group: ["**/services/*", "**/services/**", "**/api/*", "**/api/**", "@trpc/*"],
              message: "The run kernel never imports services or tRPC: services call the kernel's face (server/engine/kernel).",
            },
          ],
        },
      ],
    },
  },
  {
    // Services, routes and scripts reach the engine only through the kernel's face.
    files: ["server/services/**/*.ts", "server/api/**/*.ts", "app/**/*.{ts,tsx}", "scripts/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/engine/*", "**/engine/**", "!**/engine/kernel", "!**/engine/models/provider-health", "!**/engine/run-log"],
              allowTypeImports: true,
              message: "Call the run kernel's face (server/engine/kernel), not engine internals.",
            },
          ],
        },
      ],
    },
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "server/generated/**", ".orchestra/**", "test-results/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-nocheck": true }],
    },
  },
  ...boundaries,
];

export default config;
