import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readBoundedJson } from "../model/input-file";
import type { z } from "zod";

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

// One problem of a JSON input in the toolkit's wording (model/input-file.ts, so the simulator's tenant files use it too).
export { inputIssue } from "../model/input-file";
import { inputIssue } from "../model/input-file";

/** At most this many problems of one input are listed (a plan of 1,000 workloads edited wholesale has thousands). */
const MAX_LISTED = 20;

export interface ValidatedOptions {
  /** What to do about it, after the problems' line. */
  fix?: string;
  /** What a field holds, by its path with `[]` for any list position, for the message. */
  fields?: Readonly<Record<string, string>>;
  /** Only the first problem: the document is not the kind of input at all, and the list would be every field. */
  firstOnly?: boolean;
}

/**
 * Validates `data` (`fields`: what a field holds, by its path with `[]` for any list position, for the message), or throws an `InputError` naming every problem (issue 12: every problem at once): one on the line
 * itself (`what(path: problem)`, then `; fix`), several counted there and listed below, up to MAX_LISTED.
 */
export function validated<S extends z.ZodType>(schema: S, data: unknown, what: (where: string) => string, options: ValidatedOptions = {}): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const { fix, fields, firstOnly = false } = options;
  const lines = result.error.issues.slice(0, firstOnly ? 1 : undefined).map((issue) => inputIssue(issue, data, fields));
  const tail = fix === undefined ? "" : `; ${fix}`;
  if (lines.length <= 1) throw new InputError(`${what(lines[0] ?? "invalid")}${tail}`);
  const listed = lines.slice(0, MAX_LISTED).map((line) => `  ${line}`);
  if (lines.length > MAX_LISTED) listed.push(`  … and ${lines.length - MAX_LISTED} more`);
  throw new InputError(`${what(`${lines.length} problems`)}${tail}:\n${listed.join("\n")}`);
}

/**
 * The name a file is first written under, beside it, before the rename that makes it whole at once: `.<name>.<pid>.tmp`
 * (out-dir.ts counts its length against NAME_MAX).
 */
export function temporaryPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/**
 * Writes a file whole or not at all, creating its folder: a temporary name beside it, then a rename (atomic on one file
 * system), so a failure never leaves a half-written report; a failure is an `InputError` naming the path.
 */
export function writeOutput(given: string, text: string): void {
  const file = writtenPath(given);
  if (isStream(file)) {
    // A FIFO or a device (/dev/stdout, /dev/null, a process substitution) is written into, never renamed over.
    try {
      writeFileSync(file, text);
    } catch (err) {
      throw new InputError(`${given}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return;
  }
  const temporary = temporaryPath(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (err) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created there (a name too long, a parent that is not a folder): nothing to remove.
    }
    throw new InputError(`${given}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function isStream(file: string): boolean {
  try {
    const stat = statSync(file);
    return stat.isFIFO() || stat.isCharacterDevice() || stat.isBlockDevice();
  } catch {
    return false;
  }
}

/** Where an output really goes: a symbolic link's target (the rename replaces the target, and the link stays a link). */
export function writtenPath(file: string): string {
  try {
    return lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  } catch {
    return file; // not there yet, or a dangling link: written as named
  }
}
