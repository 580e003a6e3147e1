import { Command, CommanderError, InvalidArgumentError } from "commander";
import { isManifestError } from "../../stacks/manifest/error";
import { InputError } from "../files";
import { EXIT, exitCodesHelp, type ExitCode } from "./exit-codes";
import { visibleControls } from "../text-escape";
import { guardIo, type CommandIo } from "./io";

/**
 * How every command of the toolkit is defined and run: arguments parsed by commander (https://github.com/tj/commander.js)
 * with `--help` on every command, did-you-mean for a mistyped flag, and one mapping from what went wrong to the exit
 * code table (./exit-codes.ts): bad input is 2 with every problem named, anything else 70 with one line.
 */
export interface CommandSpec<O extends object = Record<string, unknown>> {
  /** The command as typed after `npm run`: plan, diff, … */
  name: string;
  /** What it does, in one sentence (`--help`, and the command list). */
  summary: string;
  /** The exit codes it can end with; its `--help` lists them from the one table. */
  exits: readonly ExitCode[];
  /** Options and arguments, each with its help. */
  define(cmd: Command): void;
  /** More help, after the options (examples, what the inputs are). */
  help?: string;
  /** Does the work and returns the exit code. Input it cannot use is thrown (InputError and the like: exit 2). */
  run(call: CommandCall<O>): number | Promise<number>;
}

export interface CommandCall<O> {
  /** The positional arguments. */
  args: string[];
  options: O;
  io: CommandIo;
}

/** Options every command takes. */
export interface CommonOptions {
  /** Print the stack trace of an internal failure (plan: also keep the program's full stack traces). */
  debug?: boolean;
}

/** Errors the user's input caused (exit 2): everything the commands throw for a file, flag or value they cannot use. */
const INPUT_ERRORS = new Set(["InputError", "StackFileError", "WaiverFileError", "TenantFileError", "ManifestError", "PolicyConfigError"]);

export function isInputError(error: unknown): boolean {
  return error instanceof InputError || error instanceof InvalidArgumentError || isManifestError(error) ||
    (error instanceof Error && INPUT_ERRORS.has(error.name));
}

/** Commander's own complaints about the command line (unknown flag, missing value, conflicting flags, …). */
function isUsageError(error: unknown): error is CommanderError {
  return error instanceof CommanderError && !["commander.helpDisplayed", "commander.help", "commander.version"].includes(error.code);
}

const WIDTH = 100;

/** Help paragraphs wrapped at the help width, continuation lines indented like the first. */
export function wrapHelp(text: string, width = WIDTH): string {
  return text.split("\n").map((line) => {
    if (line.length <= width) return line;
    const indent = /^\s*(?:\S+\s{2,})?/.exec(line)?.[0].length ?? 0;
    const [first = "", ...words] = line.slice(indent).split(" ");
    const out: string[] = [];
    let current = `${line.slice(0, indent)}${first}`;
    for (const word of words) {
      if (current.length + word.length + 1 > width) {
        out.push(current);
        current = `${" ".repeat(indent)}${word}`;
      } else {
        current += ` ${word}`;
      }
    }
    out.push(current);
    return out.join("\n");
  }).join("\n");
}

/** `error: unknown option '--stak'\n(Did you mean --stack?)` → `plan: unknown option '--stak' (did you mean --stack?)`. */
function commanderMessage(spec: CommandSpec<never>, text: string): string {
  const oneLine = text.trim().replace(/^error: /, "").replace(/\n\(Did you mean (.*)\)$/s, " (did you mean $1)").replace(/\n/g, " ").replace(/\.$/, "");
  return `${spec.name}: ${oneLine}; see npm run ${spec.name} -- --help\n`;
}

function build<O extends object>(spec: CommandSpec<O>, io: CommandIo, onCall: (call: CommandCall<O>) => void): Command {
  const cmd = new Command(`npm run ${spec.name} --`)
    .description(spec.summary)
    .exitOverride()
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    .helpOption("-h, --help", "show this help and exit")
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text) => io.stderr(commanderMessage(spec, text)),
      getOutHelpWidth: () => WIDTH,
      getErrHelpWidth: () => WIDTH,
    });
  spec.define(cmd);
  cmd.option("--debug", "print the stack trace of an internal failure");
  cmd.addHelpText("after", `${spec.help ? `\n${wrapHelp(spec.help.trimEnd())}\n` : ""}\n${wrapHelp(exitCodesHelp(spec.name, spec.exits))}`);
  cmd.action((...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    onCall({ args: self.args, options: self.opts<O>(), io });
  });
  return cmd;
}

/** What a failure prints and the code it ends with. */
function failure(spec: CommandSpec<never>, error: unknown, io: CommandIo, debug: boolean): ExitCode {
  if (isInputError(error)) {
    io.stderr(`${spec.name}: ${visibleControls(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.invalid;
  }
  if (debug) {
    io.stderr(`${spec.name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${spec.name} failed: ${visibleControls(message.split("\n")[0] ?? message)} (run with --debug for the stack trace)\n`);
  }
  return EXIT.internal;
}

type Parsed<O> = { call: CommandCall<O & CommonOptions> } | { code: ExitCode };

function parse<O extends object>(spec: CommandSpec<O>, argv: readonly string[], io: CommandIo): Parsed<O> {
  let call: CommandCall<O & CommonOptions> | undefined;
  const cmd = build(spec as unknown as CommandSpec<O & CommonOptions>, io, (c) => {
    call = c;
  });
  try {
    cmd.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError && !isUsageError(error)) return { code: EXIT.ok };
    if (isUsageError(error)) return { code: EXIT.invalid };
    return { code: failure(spec, error, io, argv.includes("--debug")) };
  }
  if (!call) throw new Error(`${spec.name}: commander parsed the command line without calling its action`);
  return { call };
}

/** Runs a command in this process; returns its exit code. Never throws. */
export async function runCommand<O extends object>(spec: CommandSpec<O>, argv: readonly string[], given: CommandIo): Promise<ExitCode> {
  const io = guardIo(given);
  const parsed = parse(spec, argv, io);
  if ("code" in parsed) return parsed.code;
  try {
    return (await spec.run(parsed.call)) as ExitCode;
  } catch (error) {
    return failure(spec, error, io, parsed.call.options.debug === true);
  }
}

/** The same for a command whose work is synchronous (diff, expiry, drift, …), for callers that want the code at once. */
export function runCommandSync<O extends object>(spec: CommandSpec<O>, argv: readonly string[], given: CommandIo): ExitCode {
  const io = guardIo(given);
  const parsed = parse(spec, argv, io);
  if ("code" in parsed) return parsed.code;
  try {
    const code = spec.run(parsed.call);
    if (typeof code !== "number") throw new Error(`${spec.name} is asynchronous; run it with runCommand`);
    return code as ExitCode;
  } catch (error) {
    return failure(spec, error, io, parsed.call.options.debug === true);
  }
}

/** An option value commander should refuse with the usage error (exit 2): `--within-days x`. */
export function invalidArgument(message: string): never {
  throw new InvalidArgumentError(message);
}

/** A whole number of days, minutes, … for an option's parser. */
export function wholeNumber(unit: string): (text: string) => number {
  return (text) => (/^\d+$/.test(text) ? Number(text) : invalidArgument(`expected a whole number of ${unit}, got "${text}"`));
}

/** For repeatable options: `--app a --app b` → ["a", "b"]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
