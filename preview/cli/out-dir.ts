import { accessSync, constants, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { InputError, temporaryPath, writtenPath } from "../files";

/**
 * Linux's limits on a path (limits.h: NAME_MAX 255 bytes a name, PATH_MAX 4096 bytes a path with its terminating NUL;
 * https://man7.org/linux/man-pages/man3/pathconf.3.html). An output written atomically first takes a temporary name
 * beside it, `.<name>.<pid>.tmp`: up to 17 bytes more than its own name. A longer name fails only when written —
 * after the whole plan (issue 12, fifth pass: ENAMETOOLONG was exit 70 after planning).
 */
const NAME_MAX = 255;
const PATH_MAX = 4095;
const TEMPORARY_SUFFIX = ".".length + ".".length + "4194304".length + ".tmp".length;

function lengthProblem(flag: string, out: string, written: readonly string[]): string | undefined {
  const absolute = path.resolve(out);
  const bytes = (text: string) => Buffer.byteLength(text, "utf8");
  const longest = Math.max(0, ...written.map((name) => bytes(name)));
  if (bytes(absolute) + 1 + longest + TEMPORARY_SUFFIX > PATH_MAX) return `${flag} ${out}: the path is longer than the ${PATH_MAX} bytes Linux allows (PATH_MAX); give a shorter one`;
  const names = absolute.split(path.sep).filter((n) => n !== "");
  const last = names.length - 1;
  for (const [i, name] of names.entries()) {
    const limit = written.length === 0 && i === last ? NAME_MAX - TEMPORARY_SUFFIX : NAME_MAX;
    if (bytes(name) > limit) return `${flag} ${out}: the name ${name.slice(0, 20)}… is ${bytes(name)} bytes; Linux allows ${limit} (NAME_MAX ${NAME_MAX}, less the temporary name's ${TEMPORARY_SUFFIX} when written)`;
  }
  return undefined;
}

/**
 * What an existing output path is when it is not a regular file or directory. A report is written into a FIFO or a
 * device as any Unix tool writes there (`--json /dev/stdout`, `--out >(gzip > r.gz)`); the atomic rename a file gets
 * would replace it instead (`--out /dev/null` as root replaced /dev/null itself). A socket cannot be opened at all.
 */
function specialFile(at: string): string | undefined {
  const stat = statSync(at);
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return undefined;
}

/**
 * What stops `--out DIR` from receiving the plan, found before anything is planned (issue 12: an existing file, `""`
 * or a directory where plan.json goes failed with exit 70 after the whole plan).
 */
export function outDirProblem(out: string, files: readonly string[]): string | undefined {
  if (out.trim() === "") return "--out: an empty path; give a directory (it is created if missing)";
  const long = lengthProblem("--out", out, files);
  if (long !== undefined) return long;
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) return `--out ${out}: exists and is not a directory; give a directory (it is created if missing)`;
    for (const file of files) {
      const target = path.join(out, file);
      if (existsSync(target) && !statSync(target).isFile()) {
        return `--out ${out}: ${file} there is ${specialFile(target) ?? "a directory"}, not a file; remove it or choose another --out`;
      }
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
      const temporary = temporaryPath(path.join(out, name));
      writeFileSync(temporary, text);
      staged.push([temporary, writtenPath(path.join(out, name))]);
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
  const long = lengthProblem(flag, out, []);
  if (long !== undefined) return long;
  const input = inputs.find((i) => i !== "" && sameFile(i, out));
  if (input !== undefined) return `${flag} ${out}: is also an input of this command (${input}); writing there would replace what it reads — give another path`;
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) return `${flag} ${out}: is a directory; give a file path`;
    if (statSync(out).isSocket()) return `${flag} ${out}: is a socket, which cannot be opened for writing; give a file path`;
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
