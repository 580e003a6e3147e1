import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { InputError } from "../files";

/**
 * What stops `--out DIR` from receiving the plan, found before anything is planned (issue 12: an existing file, `""`
 * or a directory where plan.json goes failed with exit 70 after the whole plan).
 */
export function outDirProblem(out: string, files: readonly string[]): string | undefined {
  if (out.trim() === "") return "--out: an empty path; give a directory (it is created if missing)";
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) return `--out ${out}: exists and is not a directory; give a directory (it is created if missing)`;
    for (const file of files) {
      const target = path.join(out, file);
      if (existsSync(target) && !statSync(target).isFile()) return `--out ${out}: ${file} there is a directory, not a file; remove it or choose another --out`;
    }
    try {
      accessSync(out, constants.W_OK);
    } catch {
      return `--out ${out}: the directory is not writable`;
    }
    return undefined;
  }
  // The closest existing ancestor must be a writable directory (mkdir -p happens only once the plan succeeded).
  let parent = path.dirname(out);
  while (!existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) return `--out ${out}: ${parent} is not a directory`;
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    return `--out ${out}: cannot create it (${parent} is not writable)`;
  }
  return undefined;
}

export function checkOutDir(out: string, files: readonly string[]): void {
  const problem = outDirProblem(out, files);
  if (problem !== undefined) throw new InputError(problem);
}

/** Writes every file or none: each goes to a temporary name first, then all are renamed into place. */
export function writeFilesAtomically(out: string, files: Readonly<Record<string, string>>): void {
  mkdirSync(out, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const temporary = path.join(out, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, text);
      staged.push([temporary, path.join(out, name)]);
    }
  } catch (error) {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
    throw error;
  }
  for (const [temporary, target] of staged) renameSync(temporary, target);
}
