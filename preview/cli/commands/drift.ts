/**
 * `npm run drift -- --snapshot FILE --plan plan.json [--outputs outputs.json] [--out drift.md] [--json drift.json]`
 *
 * For each managed workload, what the tenant holds that the plan does not declare (extra secrets, certificates,
 * owners, grants, role assignments, federated credentials) and what the plan declares that is missing; escalations
 * first.
 */
import { loadPlan } from "../../plan/plan-file";
import { detectDrift } from "../../tenant/drift";
import { driftHeadline, renderDrift } from "../../tenant/drift-render";
import { readDeployedIds } from "../../tenant/match";
import { loadSnapshot } from "../../tenant/snapshot";
import { runCommandSync, wholeNumber, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs, clockOption, emitReport } from "./options";

interface DriftOptions {
  snapshot: string;
  plan: string;
  outputs?: string;
  deployer?: string;
  withinDays: number;
  now?: Date;
  out?: string;
  json?: string;
}

export const driftCommand: CommandSpec<DriftOptions> = {
  name: "drift",
  summary: "Compare a tenant snapshot (npm run snapshot) with a plan (npm run plan): for each workload the plan manages, what the tenant holds that the plan does not declare and what the plan declares that is missing. Escalations (more access than declared) come first.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.drift, EXIT.internal],
  define: (cmd) => cmd
    .requiredOption("--snapshot <file>", "the tenant snapshot")
    .requiredOption("--plan <file>", "the plan.json of the same stack, planned with the same --now as the deployment")
    .option("--outputs <file>", "`pulumi stack output --json`: match workloads by their deployed ids (else by the plan's import ids, then display names / identity names)")
    .option("--deployer <object-id>", "object id of the identity that runs `pulumi up` (Entra makes it an owner of what it creates)")
    .option("--within-days <n>", "also list unmanaged secrets and certificates ending within N days", wholeNumber("days"), 30)
    .addOption(clockOption("the clock for that window (default: now)"))
    .option("--out <file.md>", "write the Markdown there (stdout then gets the headline)")
    .option("--json <file.json>", "also write { \"findings\": [ { workload, kind, change, detail, ... } ], ... }"),
  run({ options, io }) {
    checkOutputs(io, [["--out", options.out], ["--json", options.json]], [options.snapshot, options.plan, options.outputs]);
    const snapshot = loadSnapshot(resolvePath(io, options.snapshot));
    const plan = loadPlan(resolvePath(io, options.plan));
    const deployedIds = options.outputs === undefined ? undefined : readDeployedIds(resolvePath(io, options.outputs));
    const report = detectDrift(snapshot, plan, { deployedIds, deployer: options.deployer, now: options.now ?? new Date(), withinDays: options.withinDays });
    emitReport(io, options, { markdown: renderDrift(report), headline: driftHeadline(report), data: report });
    return report.findings.length > 0 ? EXIT.drift : EXIT.ok;
  },
};

/** Runs the drift check in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): number {
  return runCommandSync(driftCommand, argv, io);
}
