import { existsSync } from "node:fs";
import * as path from "node:path";
import { visibleControls } from "../text-escape";

/** Where a command reads and writes; tests pass their own to run a command in-process. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The directory the user stands in: relative paths in arguments are relative to it. @default see {@link userDirectory} */
  cwd?: string;
  /** stderr is a terminal: progress is one updating line. @default false */
  stderrIsTTY?: boolean;
  /** The environment commands read (credentials, endpoints). @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** The project's root: where package.json, Pulumi.yaml and stacks/ are. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The directory the user ran the command from. "Scripts are run from the root of the package folder, regardless of
 * what the current working directory is when npm run is called. … you can use the INIT_CWD environment variable,
 * which holds the full path you were in when you ran npm run" (https://docs.npmjs.com/cli/v11/commands/npm-run-script).
 * Taken only when this process runs in the package root npm started it in, so a child process started elsewhere
 * (with the variable inherited) keeps its own working directory.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const packageJson = env.npm_package_json;
  const startedByNpm = env.INIT_CWD !== undefined && packageJson !== undefined && path.dirname(packageJson) === cwd;
  return startedByNpm && existsSync(env.INIT_CWD as string) ? (env.INIT_CWD as string) : cwd;
}

let quietOnClosedPipe = false;

/** The real process: its streams, the user's directory, whether stderr is a terminal. */
export function processIo(): CommandIo {
  if (!quietOnClosedPipe) {
    quietOnClosedPipe = true;
    // `npm run plan -- --help | head`: a reader that stops early ends the command quietly, as a closed pipe ends any Unix tool.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: userDirectory(),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

/**
 * A path the user gave, as this process can open it: as given when the user stands where the process runs (so
 * messages name it as typed), else absolute from where the user stands (`cd stacks && npm run plan -- --stack-file
 * Pulumi.dev.yaml`).
 */
export function resolvePath(io: CommandIo, given: string): string {
  const base = io.cwd ?? process.cwd();
  return path.resolve(base) === process.cwd() ? given : path.resolve(base, given);
}

/** A path as the user should read it: relative to where they stand (`../plan-output/plan.json` from stacks/), absolute when further away. */
export function displayPath(io: CommandIo, absolute: string): string {
  const relative = path.relative(io.cwd ?? process.cwd(), absolute);
  if (relative === "") return ".";
  return path.isAbsolute(relative) || relative.split(path.sep).filter((s) => s === "..").length > 1 ? absolute : relative;
}

/** The one sequence the toolkit itself sends to a terminal: carriage return and erase line, redrawing the progress line. */
export const REDRAW_LINE = "\r\x1b[2K";

const guarded = new WeakSet<CommandIo>();

/**
 * `io` with every text it prints passed through {@link visibleControls} (issue 12): whatever a command echoes — an
 * argument commander quotes back, an unknown command's name, a path, a display name from a tenant snapshot, a plan
 * file's text — reaches the terminal or the CI log with its control and bidi characters shown as `\u{1b}`, never
 * raw (a title change, a cleared screen, hidden text). Only the progress line's own redraw sequence passes.
 */
export function guardIo(io: CommandIo): CommandIo {
  if (guarded.has(io)) return io;
  const safe = (write: (text: string) => void) => (text: string) =>
    write(text.startsWith(REDRAW_LINE) ? REDRAW_LINE + visibleControls(text.slice(REDRAW_LINE.length)) : visibleControls(text));
  const out: CommandIo = { ...io, stdout: safe((t) => io.stdout(t)), stderr: safe((t) => io.stderr(t)) };
  guarded.add(out);
  return out;
}
