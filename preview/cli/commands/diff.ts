/**
 * `npm run diff -- BASE_PLAN HEAD_PLAN [--out FILE.md] [--json FILE.json] [--fail-on-escalation] [--changed-code FILE.json]`
 *
 * The access diff between two plan.json files: what each workload gains and loses.
 * Exit 0; 3 with --fail-on-escalation when a change gives more access; 2 on bad input.
 */
import { parseArgs } from "node:util";
import { diffPlans, headline, loadChangedCode, renderMarkdown, withCodeChanges } from "../../diff";
import { InputError } from "../../files";
import { emptyPlan, loadPlan } from "../../plan/plan-file";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import type { PlanFile } from "../../plan/plan-file";

export const EXIT_OK = 0;
/** Not the input's fault (a bug): still one line, never a stack trace. */
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_ESCALATION = 3;

const USAGE =
  "usage: npm run diff -- BASE_PLAN HEAD_PLAN [--out FILE.md] [--json FILE.json] [--fail-on-escalation] [--with-findings] [--missing-as-empty] [--changed-code FILE.json]";

const HELP = `${USAGE}

Compares two plan.json files (e.g. the target branch and the pull request, planned with the same --now)
and shows what access each workload gains and loses.

  --out FILE.md           write the Markdown there instead of stdout (stdout then gets the headline)
  --json FILE.json        also write the changes as JSON
  --fail-on-escalation    exit 3 when any change gives more access
  --with-findings         append the head plan's policy findings to the Markdown (pull-request comments)
  --missing-as-empty      a plan file that does not exist counts as a stack with no workloads
                          (a stack added or deleted by the change); the other one must exist
  --changed-code FILE.json  the toolkit paths the change touches (changed-stacks-cli.ts --code); any path
                          is one more escalation ("the code that computes access changed"), shown first

Exit codes: 0 compared; 3 escalation with --fail-on-escalation; 2 bad input (missing file, not a plan, bad flags).
`;

function load(path: string, missingAsEmpty: boolean): PlanFile | undefined {
  try {
    return loadPlan(path);
  } catch (err) {
    if (missingAsEmpty && err instanceof InputError && err.message.endsWith(": no such file")) return undefined;
    throw err;
  }
}

/** Runs the diff command; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: "string" },
        json: { type: "string" },
        "fail-on-escalation": { type: "boolean", default: false },
        "with-findings": { type: "boolean", default: false },
        "missing-as-empty": { type: "boolean", default: false },
        "changed-code": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 2) throw new InputError(`expected BASE_PLAN and HEAD_PLAN, got ${positionals.length} file(s); ${USAGE}`);
    const [basePath, headPath] = positionals as [string, string];
    const missingAsEmpty = values["missing-as-empty"];
    const baseLoaded = load(basePath, missingAsEmpty);
    const headLoaded = load(headPath, missingAsEmpty);
    if (!baseLoaded && !headLoaded) throw new InputError(`${basePath} and ${headPath}: neither plan exists`);
    const base = baseLoaded ?? emptyPlan((headLoaded as PlanFile).stack, (headLoaded as PlanFile).generatedAt, (headLoaded as PlanFile).project);
    const head = headLoaded ?? emptyPlan(base.stack, base.generatedAt, base.project);

    const codePaths = values["changed-code"] === undefined ? [] : loadChangedCode(values["changed-code"]);
    const diff = withCodeChanges(diffPlans(base, head), codePaths);
    const markdown = renderMarkdown(diff, values["with-findings"] ? { headFindings: head.violations } : {});
    if (values.json !== undefined) writeOutput(values.json, `${JSON.stringify(diff, null, 2)}\n`);
    if (values.out !== undefined) {
      writeOutput(values.out, markdown);
      io.stdout(`${headline(diff)}\n`);
    } else {
      io.stdout(markdown);
    }
    return values["fail-on-escalation"] && diff.summary.escalations > 0 ? EXIT_ESCALATION : EXIT_OK;
  } catch (err) {
    io.stderr(`diff: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
