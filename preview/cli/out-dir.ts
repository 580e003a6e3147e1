import { accessSync, constants, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * What stops a command from writing one output file (`diff --out`, `--json`, `expiry --out`, `verify --out`/`--json`,
 * `adopt --out`/`--report`, `drift --out`/`--json`), found before the command reads anything: an empty path, a
 * directory, a parent that is not a writable directory, or the path of one of its own inputs (issue 12: `diff --out`
 * given the base plan's path replaced the plan it had just read). An existing file is replaced, as a report should be.
 */
export function outFileProblem(flag: string, out: string, inputs: readonly string[] = []): string | undefined {
  if (out.trim() === "") return `${flag}: an empty path; give a file`;
  const input = inputs.find((i) => i !== "" && sameFile(i, out));
  if (input !== undefined) return `${flag} ${out}: is also an input of this command (${input}); writing there would replace what it reads — give another path`;
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) return `${flag} ${out}: is a directory; give a file path`;
    try {
      accessSync(out, constants.W_OK);
    } catch {
      return `${flag} ${out}: the file is not writable`;
    }
    return undefined;
  }
  let parent = path.dirname(out);
  while (!existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) return `${flag} ${out}: ${parent} is not a directory`;
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    return `${flag} ${out}: cannot create it (${parent} is not writable)`;
  }
  return undefined;
}

/** Every output file of a command checked at once: exit 2 naming the first problem, before anything is read or written. */
export function checkOutFiles(outputs: readonly (readonly [flag: string, file: string | undefined])[], inputs: readonly string[]): void {
  for (const [flag, file] of outputs) {
    if (file === undefined) continue;
    const problem = outFileProblem(flag, file, inputs);
    if (problem !== undefined) throw new InputError(problem);
  }
  const given = outputs.filter(([, f]) => f !== undefined && f !== "") as [string, string][];
  for (const [i, [flag, file]] of given.entries()) {
    const twice = given.slice(i + 1).find(([, other]) => sameFile(file, other));
    if (twice !== undefined) throw new InputError(`${flag} and ${twice[0]} are the same file (${file}); give each its own path`);
  }
}

/** Writes one file whole or not at all (preview/files.ts `writeOutput`). */
export { writeOutput as writeFileAtomically } from "../files";
