import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readBoundedJson } from "../model/input-file";
import type { z } from "zod";
import { formatPath } from "../model/paths";

/** Input a command cannot use: a missing file, bad JSON, or JSON that is not what it should be. One line, no stack. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/**
 * Reads and parses a JSON file, or throws an `InputError` naming the file and the cause: bounded in size and nesting,
 * never blocking on a device or a pipe, a UTF-8 byte-order mark dropped (model/input-file.ts).
 */
export function readJsonFile(path: string): unknown {
  const read = readBoundedJson(path);
  if (read.problem !== undefined) throw new InputError(read.problem);
  return read.value;
}

/** The first problem zod found, as `path: message` (`(top level)` for the document itself). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return `${formatPath(issue.path) || "(top level)"}: ${issue.message}`;
}

/** Validates `data`, or throws an `InputError` built from the first problem (`what(where)`). */
export function validated<S extends z.ZodType>(schema: S, data: unknown, what: (where: string) => string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new InputError(what(firstIssue(result.error)));
  return result.data;
}

/**
 * Writes a file whole or not at all, creating its folder: a temporary name beside it, then a rename (atomic on one file
 * system), so a failure never leaves a half-written report; a failure is an `InputError` naming the path.
 */
export function writeOutput(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw new InputError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
