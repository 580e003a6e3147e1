/**
 * `npm run expiry -- (--plan plan.json | --outputs outputs.json) [--within-days N] [--now ISO]`
 *
 * Lists every credential that ends within N days (default 30), per workload, soonest first.
 * A rotating pair counts by its newest member.
 */
import { Option } from "commander";
import { fromOutputs, fromPlan, renderExpiry, watchExpiry } from "../../expiry";
import { InputError, writeOutput } from "../../files";
import { runCommandSync, wholeNumber, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs, clockOption } from "./options";

interface ExpiryOptions {
  plan?: string;
  outputs?: string;
  withinDays: number;
  now?: Date;
  out?: string;
}

export const expiryCommand: CommandSpec<ExpiryOptions> = {
  name: "expiry",
  summary: "List every credential that ends within N days, per workload, soonest first. A rotating pair (blue/green) counts by its newest member: the previous one is meant to lapse.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.expiring, EXIT.internal],
  define: (cmd) => cmd
    .addOption(new Option("--plan <file>", "a plan.json written by npm run plan").conflicts("outputs"))
    .option("--outputs <file>", "what `pulumi stack output --json` printed for the stack")
    .option("--within-days <n>", "the window, in days", wholeNumber("days"), 30)
    .addOption(clockOption("the clock (default: now); tests and reruns pin it"))
    .option("--out <file.md>", "also write the report there (the scheduled workflow puts it in an issue)"),
  run({ options, io }) {
    if (options.plan === undefined && options.outputs === undefined) throw new InputError("give --plan or --outputs; see npm run expiry -- --help");
    checkOutputs(io, [["--out", options.out]], [options.plan, options.outputs]);
    const input = options.plan !== undefined ? fromPlan(resolvePath(io, options.plan)) : fromOutputs(resolvePath(io, options.outputs as string));
    const report = watchExpiry(input, options.now ?? new Date(), options.withinDays);
    const text = renderExpiry(report);
    if (options.out !== undefined) writeOutput(resolvePath(io, options.out), text);
    io.stdout(text);
    return report.workloads.length > 0 ? EXIT.expiring : EXIT.ok;
  },
};

/** Runs the expiry watch in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): number {
  return runCommandSync(expiryCommand, argv, io);
}
