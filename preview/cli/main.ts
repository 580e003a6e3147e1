/**
 * The toolkit's command line: `npm run <command> -- [options]` runs `tsx preview/cli/main.ts <command> [options]`.
 * Each command is loaded only when it runs (the plan command in particular loads as little as it can before it
 * starts planning).
 */
import { didYouMean } from "../../model/catalog/suggest";
import { runCommand, wrapHelp, type CommandSpec } from "./command";
import { EXIT } from "./exit-codes";
import { guardIo, processIo, type CommandIo } from "./io";

type Loader = () => Promise<CommandSpec<never>>;

/** Every command, by the name `npm run` knows it under. */
export const COMMANDS: Readonly<Record<string, Loader>> = {
  plan: async () => (await import("./commands/plan")).planCommand,
  diff: async () => (await import("./commands/diff")).diffCommand,
  expiry: async () => (await import("./commands/expiry")).expiryCommand,
  verify: async () => (await import("./commands/verify")).verifyCommand,
  snapshot: async () => (await import("./commands/snapshot")).snapshotCommand,
  adopt: async () => (await import("./commands/adopt")).adoptCommand,
  drift: async () => (await import("./commands/drift")).driftCommand,
  "changed-stacks": async () => (await import("./commands/changed-stacks")).changedStacksCommand,
};

async function overview(): Promise<string> {
  const specs = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...specs.map((s) => s.name.length));
  const lines = specs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`);
  return `${wrapHelp(`Usage: npm run <command> -- [options]    (npm run <command> -- --help for its options)\n\nCommands:\n${lines.join("\n")}\n\nAlso: npm run bench, npm run catalog (maintainers' tools).`)}\n`;
}

/** Runs `argv` (`<command> [options]`) in this process; returns the exit code. */
export async function runCli(argv: readonly string[], given: CommandIo = processIo()): Promise<number> {
  const io = guardIo(given);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const text = await overview();
    if (name === undefined) {
      io.stderr(text);
      return EXIT.invalid;
    }
    io.stdout(text);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))} Commands: ${Object.keys(COMMANDS).join(", ")}\n`);
    return EXIT.invalid;
  }
  return runCommand(await load(), rest, io);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
