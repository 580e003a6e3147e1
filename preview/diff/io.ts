import { InputError } from "../files";

/** Where a command writes; tests pass their own to capture output in-process. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The one-line cause of a failure: an `InputError`'s message, a `parseArgs` complaint, or the first line of anything else. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0] ?? message;
}

/** True for errors the user's input caused: an `InputError` or a `node:util` parseArgs complaint (unknown flag, missing value). */
export function isUsageError(err: unknown): boolean {
  if (err instanceof InputError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}
