/** Helpers to run the CLIs in-process (fast) or as real child processes (what CI does). */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { CommandIo } from "../../preview/diff/io";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Calls a CLI's `main(argv, io)` and captures what it prints. */
export function runInProcess(main: (argv: readonly string[], io: CommandIo) => number, argv: readonly string[]): RunResult {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const ROOT = join(__dirname, "..", "..");

/** Runs `npx tsx <script> ...argv` from the repository root, as the npm scripts do. */
export function runChild(script: string, argv: readonly string[], cwd = ROOT): RunResult {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, script), ...argv], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
