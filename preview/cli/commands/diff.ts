/**
 * `npm run diff -- BASE_PLAN HEAD_PLAN [--out FILE.md] [--json FILE.json] [--fail-on-escalation] [--with-findings]
 *   [--missing-as-empty] [--changed-code FILE.json] [--allow-different-stacks]`
 *
 * The access diff between two plan.json files of one stack: what each workload gains and loses.
 */
import { diffPlans, headline, loadChangedCode, renderMarkdown, withCodeChanges } from "../../diff";
import { InputError } from "../../files";
import { emptyPlan, loadPlan, type PlanFile } from "../../plan/plan-file";
import { runCommandSync, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs, emitReport } from "./options";

interface DiffOptions {
  out?: string;
  json?: string;
  failOnEscalation?: boolean;
  withFindings?: boolean;
  missingAsEmpty?: boolean;
  changedCode?: string;
  allowDifferentStacks?: boolean;
}

function load(path: string, missingAsEmpty: boolean): PlanFile | undefined {
  try {
    return loadPlan(path);
  } catch (err) {
    if (missingAsEmpty && err instanceof InputError && err.message.endsWith(": no such file")) return undefined;
    throw err;
  }
}

export const diffCommand: CommandSpec<DiffOptions> = {
  name: "diff",
  summary: "Compare two plan.json files (e.g. the target branch and the pull request, planned with the same --now) and show what access each workload gains and loses.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.escalation, EXIT.internal],
  define: (cmd) => cmd
    .argument("<base-plan>", "the plan.json before the change")
    .argument("<head-plan>", "the plan.json after it")
    .option("--out <file.md>", "write the Markdown there instead of stdout (stdout then gets the headline)")
    .option("--json <file.json>", "also write the changes as JSON")
    .option("--fail-on-escalation", "exit 3 when any change gives more access")
    .option("--with-findings", "append the head plan's policy findings to the Markdown (pull-request comments)")
    .option("--missing-as-empty", "a plan file that does not exist counts as a stack with no workloads (a stack added or deleted by the change); the other one must exist")
    .option("--changed-code <file.json>", "the toolkit paths the change touches (npm run changed-stacks -- --code); any path is one more escalation (\"the code that computes access changed\"), shown first")
    .option("--allow-different-stacks", "compare plans of two stacks on purpose (promoting dev to prod); the headline and the Markdown say so. Without it, plans of two stacks are exit 2"),
  run({ args, options, io }) {
    const [basePath, headPath] = args.map((p) => resolvePath(io, p)) as [string, string];
    checkOutputs(io, [["--out", options.out], ["--json", options.json]], [args[0], args[1], options.changedCode]);
    const missingAsEmpty = options.missingAsEmpty === true;
    const baseLoaded = load(basePath, missingAsEmpty);
    const headLoaded = load(headPath, missingAsEmpty);
    if (!baseLoaded && !headLoaded) throw new InputError(`${args[0]} and ${args[1]}: neither plan exists`);
    const base = baseLoaded ?? emptyPlan((headLoaded as PlanFile).stack, (headLoaded as PlanFile).generatedAt, (headLoaded as PlanFile).project);
    const head = headLoaded ?? emptyPlan(base.stack, base.generatedAt, base.project);
    // Plans of two projects are never a change; plans of two stacks only on purpose (issue 12: a pull request's plan of
    // the wrong stack, diffed silently, shows another stack's access as the change).
    const both = `${args[0]} is a plan of stack ${base.stack} (project ${base.project}) and ${args[1]} of stack ${head.stack} (project ${head.project})`;
    if (base.project !== head.project) {
      throw new InputError(`${both}: diff compares two plans of the same stack of one project (the target branch's and the change's); plan both with the same --stack in this project`);
    }
    if (base.stack !== head.stack && options.allowDifferentStacks !== true) {
      throw new InputError(`${both}: diff compares two plans of the same stack (the target branch's and the change's); plan both with the same --stack, or pass --allow-different-stacks to compare two stacks on purpose`);
    }

    const codePaths = options.changedCode === undefined ? [] : loadChangedCode(resolvePath(io, options.changedCode));
    const diff = withCodeChanges(diffPlans(base, head), codePaths);
    const markdown = renderMarkdown(diff, options.withFindings ? { headFindings: head.violations } : {});
    emitReport(io, options, { markdown, headline: headline(diff), data: diff });
    return options.failOnEscalation && diff.summary.escalations > 0 ? EXIT.escalation : EXIT.ok;
  },
};

/** Runs the diff command in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): number {
  return runCommandSync(diffCommand, argv, io);
}
