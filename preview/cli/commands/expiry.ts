/**
 * `npm run expiry -- (--plan plan.json | --outputs outputs.json) [--within-days N] [--now ISO]`
 *
 * Lists every credential that ends within N days (default 30), per workload, soonest first.
 * A rotating pair counts by its newest member. Exit 4 when any does, 0 otherwise, 2 on bad input.
 */
import { parseArgs } from "node:util";
import { parseClock } from "../../../stacks/manifest/clock";
import { InputError } from "../../files";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import { fromOutputs, fromPlan, renderExpiry, watchExpiry } from "../../expiry";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_EXPIRING = 4;

const USAGE = "usage: npm run expiry -- (--plan plan.json | --outputs outputs.json) [--within-days N] [--now ISO] [--out FILE.md]";

const HELP = `${USAGE}

Lists every credential that ends within N days, per workload, soonest first. A rotating pair
(blue/green) counts by its newest member: the previous one is meant to lapse.

  --plan FILE        a plan.json written by \`npm run plan\`
  --outputs FILE     what \`pulumi stack output --json\` printed for the stack
  --within-days N    the window, in days (default 30)
  --now ISO          the clock (default: now); tests and reruns pin it
  --out FILE.md      also write the report there (the scheduled workflow puts it in an issue)

Exit codes: 0 nothing ends in the window; 4 something does; 2 bad input.
`;

function parseWithinDays(text: string | undefined): number {
  if (text === undefined) return 30;
  if (!/^\d+$/.test(text)) throw new InputError(`--within-days: expected a whole number of days, got "${text}"`);
  return Number(text);
}

function parseNow(text: string | undefined): Date {
  const clock = parseClock(text);
  if (clock.problem) throw new InputError(`--now: ${clock.problem}`);
  return clock.now ?? new Date();
}

/** Runs the expiry watch; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        plan: { type: "string" },
        outputs: { type: "string" },
        "within-days": { type: "string" },
        now: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}"; ${USAGE}`);
    if ((values.plan === undefined) === (values.outputs === undefined)) throw new InputError(`give exactly one of --plan and --outputs; ${USAGE}`);
    const withinDays = parseWithinDays(values["within-days"]);
    const now = parseNow(values.now);
    const input = values.plan !== undefined ? fromPlan(values.plan) : fromOutputs(values.outputs as string);

    const report = watchExpiry(input, now, withinDays);
    const text = renderExpiry(report);
    if (values.out !== undefined) writeOutput(values.out, text);
    io.stdout(text);
    return report.workloads.length > 0 ? EXIT_EXPIRING : EXIT_OK;
  } catch (err) {
    io.stderr(`expiry: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
