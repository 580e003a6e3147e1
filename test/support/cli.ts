import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { vi } from "vitest";
import { runCli } from "../../preview/cli/main";
import { ROOT } from "./program";

export interface CliResult { code: number; stdout: string; stderr: string }

export interface InProcessOptions {
  /** Where the user stands. @default the project root */
  cwd?: string;
  /** stderr is a terminal. @default false */
  stderrIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `npm run <command> -- ...argv` in this process and captures what it prints. The program a plan runs is
 * imported fresh each time (a new module registry), as a new process would.
 */
export async function runCommand(command: string, argv: readonly string[], options: InProcessOptions = {}): Promise<CliResult> {
  vi.resetModules();
  let stdout = "";
  let stderr = "";
  const code = await runCli([command, ...argv], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: options.cwd ?? ROOT,
    stderrIsTTY: options.stderrIsTTY ?? false,
    env: options.env ?? process.env,
  });
  return { code, stdout, stderr };
}

/** The environment of a child process, without what the test runner's own `npm test` left in it (INIT_CWD, …). */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  for (const key of Object.keys(env)) if (key === "INIT_CWD" || key.startsWith("npm_")) delete env[key];
  return env;
}

/** Runs `npm run <command> -- ...argv` as its own process, the way npm starts it (`tsx preview/cli/main.ts <command>`). */
export function runCommandChild(command: string, argv: readonly string[], cwd: string = ROOT, env: NodeJS.ProcessEnv = {}): CliResult {
  const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, path.join(ROOT, "preview", "cli", "main.ts"), command, ...argv], {
    cwd, encoding: "utf8", timeout: 120_000, env: childEnv(env),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
