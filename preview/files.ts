import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { z } from "zod";
import { formatPath } from "../model/paths";

/** Input a command cannot use: a missing file, bad JSON, or JSON that is not what it should be. One line, no stack. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** Reads and parses a JSON file, or throws an `InputError` naming the file and the cause. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${path}: no such file` : code === "EISDIR" ? `${path}: is a directory, not a file` : `${path}: cannot read (${code ?? String(err)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${path}: not JSON (${(err as Error).message.split("\n")[0]})`);
  }
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

/** Writes a file, creating its folder; a failure is an `InputError` naming the path. */
export function writeOutput(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new InputError(`${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
