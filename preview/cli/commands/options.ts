import { Option } from "commander";
import { parseClock } from "../../../stacks/manifest/clock";
import { writeOutput } from "../../files";
import { invalidArgument } from "../command";
import { resolvePath, type CommandIo } from "../io";
import { checkOutFiles } from "../out-dir";

/** `--now ISO-8601`: one parser for every command that takes a clock (the manifest's own, stacks/manifest/clock.ts). */
export function clockOption(description: string): Option {
  return new Option("--now <iso-8601>", description).argParser((text) => {
    const clock = parseClock(text);
    return clock.problem !== undefined || clock.now === undefined ? invalidArgument(clock.problem ?? "expected a date") : clock.now;
  });
}

/**
 * What a report command (diff, drift) writes: `--json FILE` gets the data, `--out FILE.md` the Markdown (stdout then
 * only the headline, for a log line), and without `--out` stdout gets the Markdown.
 */
export function emitReport(io: CommandIo, options: { out?: string; json?: string }, report: { markdown: string; headline: string; data: unknown }): void {
  if (options.json !== undefined) writeOutput(resolvePath(io, options.json), `${JSON.stringify(report.data, null, 2)}\n`);
  if (options.out !== undefined) {
    writeOutput(resolvePath(io, options.out), report.markdown);
    io.stdout(`${report.headline}\n`);
  } else {
    io.stdout(report.markdown);
  }
}

/**
 * A command's output files checked before it reads or computes anything (issue 12): an empty path, a directory, an
 * unwritable place, two outputs on one file, or an output that is one of the command's own inputs is exit 2 naming
 * the flag, never a failure after the work or a report written over what was read.
 */
export function checkOutputs(io: CommandIo, outputs: readonly (readonly [flag: string, file: string | undefined])[], inputs: readonly (string | undefined)[]): void {
  const resolve = (file: string | undefined) => (file === undefined || file.trim() === "" ? file : resolvePath(io, file));
  checkOutFiles(outputs.map(([flag, file]) => [flag, resolve(file)] as const), inputs.filter((i): i is string => i !== undefined).map((i) => resolvePath(io, i)));
}
