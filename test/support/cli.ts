import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./program";

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs one of our CLIs (`preview/<script>.ts`) the way `npm run` does: a fresh process through tsx. */
export function runCli(script: string, args: string[]): CliResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "preview", script), ...args], {
    cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
