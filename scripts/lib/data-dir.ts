import { mkdirSync } from "node:fs";
import path from "node:path";

/** Where the embedded services keep their data (git-ignored). */
export function dataDir(...parts: string[]): string {
  const dir = path.resolve(process.env.ORCHESTRA_DATA_DIR ?? ".orchestra", ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
