/** Helpers to run the commands in-process (fast) or as real child processes (what CI does). */
import type { CommandIo } from "../../preview/cli/io";
import { runCommandChild, type CliResult } from "../support/cli";

export type RunResult = CliResult;

/** Calls a command's synchronous `main(argv, io)` and captures what it prints. */
export function runInProcess(main: (argv: readonly string[], io: CommandIo) => number, argv: readonly string[]): RunResult {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs `npm run <command> -- ...argv` as a child process from `cwd` (the project root by default). */
export const runChild = runCommandChild;
