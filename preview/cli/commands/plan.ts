/**
 * `npm run plan -- [--stack NAME | --stack-file PATH] [--out DIR] [--now ISO-8601] [--policy-config FILE]
 *   [--waivers FILE] [--tenant FILE] [--tenant-policy FILE] [--debug]`
 *
 * The offline preview: the real program against the strict Azure simulator, every policy, then plan.json and the
 * access report. Only what the command line needs is imported up front; planStack loads the rest when it needs it
 * (after a large stack's shards have started).
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { Option } from "commander";
import { didYouMean } from "../../../model/catalog/suggest";
import { formatProblems } from "../../../stacks/manifest/problems";
import { AppManagementPolicyError, readAppManagementPolicyFile } from "../../../simulator/app-management-policy";
import { readTenantFile, TenantFileError } from "../../../simulator/tenant-file";
import { WAIVERS_FILE, loadWaivers } from "../../../policies/waivers";
import { InputError, readJsonFile } from "../../files";
import { planStack } from "../../plan/run-plan";
import { readStackFile, stackNameProblem } from "../../runtime/stack-file";
import { owningWorkload, workloadNames } from "../failure-owner";
import { checkOutDir, writeFilesAtomically } from "../out-dir";
import type { PackConfig } from "../../policy-evaluator";
import { packConfigShapeProblems } from "../../policy-settings";
import { renderSummary } from "../../report/terminal";
import { isInputError, runCommand, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { displayPath, PROJECT_ROOT, processIo, resolvePath, type CommandIo } from "../io";
import { progressLine } from "../progress";
import { clockOption } from "./options";

interface PlanOptions {
  stack?: string;
  stackFile?: string;
  out?: string;
  now?: Date;
  policyConfig?: string;
  waivers?: string;
  tenant?: string;
  tenantPolicy?: string;
  debug?: boolean;
}

const STACKS = path.join(PROJECT_ROOT, "stacks");
/** Where plan.json and the access report go unless --out says otherwise: the project's plan-output/ (git-ignored). */
const DEFAULT_OUT = path.join(PROJECT_ROOT, "plan-output");

function today(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
}

/** The stacks that exist: `stacks/Pulumi.<name>.yaml`. */
export function stackNames(dir = STACKS): string[] {
  return existsSync(dir) ? readdirSync(dir).flatMap((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1] ?? []).sort() : [];
}

/** The stack file of `--stack NAME`, or the closest names and the list of stacks when there is none. */
function stackFileOf(name: string): string {
  const nameProblem = stackNameProblem(name);
  if (nameProblem) throw new InputError(`--stack: ${nameProblem}; or give a file with --stack-file`);
  const file = path.join(STACKS, `Pulumi.${name}.yaml`);
  if (existsSync(file)) return file;
  const names = stackNames();
  throw new InputError(`--stack: no stack "${name}" (stacks/Pulumi.${name}.yaml does not exist)${didYouMean(name, names, 1)} ` +
    `Stacks: ${names.join(", ") || "none"}; or give a file with --stack-file`);
}

const PLAN_FILES = ["plan.json", "access-report.md"] as const;

/**
 * The `--policy-config` document, its shape checked here (a document or rule entry that is null, a number or a list
 * would otherwise read as "no config", or fail later with exit 70); each rule's settings are checked against the
 * rule's schema where the pack runs (preview/policy-evaluator.ts).
 */
function readPackConfig(file: string, given: string): PackConfig {
  const config = readJsonFile(file);
  const problems = packConfigShapeProblems(config);
  if (problems.length > 0) throw new InputError(`--policy-config ${given}: invalid policy pack config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return config as PackConfig;
}

export const planCommand: CommandSpec<PlanOptions> = {
  name: "plan",
  summary: "Plan a stack offline: the real Pulumi program against a strict Azure simulator, every policy, then plan.json and access-report.md (no Pulumi CLI, no Azure, no credentials).",
  exits: [EXIT.ok, EXIT.policy, EXIT.invalid, EXIT.rejected, EXIT.internal],
  define: (cmd) => cmd
    .addOption(new Option("--stack <name>", "the stack: stacks/Pulumi.<name>.yaml (default: dev)").conflicts("stackFile"))
    .option("--stack-file <path>", "a stack file anywhere, relative to where you stand")
    .option("--out <dir>", "where plan.json and access-report.md go (default: plan-output/ in the project)")
    .addOption(clockOption("pins the clock: rotation epochs and end dates (default: today, UTC); the same --now gives byte-identical files"))
    .option("--policy-config <file>", "policy pack config, as pulumi preview --policy-pack-config takes it")
    .option("--waivers <file>", "the waiver file (default: policies/waivers.yaml)")
    .option("--tenant <file>", "what the real tenant holds (owners' types, vault names taken, …), so the plan checks instead of assuming")
    .option("--tenant-policy <file>", "the tenant's app management policy exactly as Graph returns it (az rest --url https://graph.microsoft.com/v1.0/policies/defaultAppManagementPolicy > FILE): credentials it forbids are rejected (exit 3)"),
  help: "Examples:\n  npm run plan\n  npm run plan -- --stack prod --now 2026-11-23\n  npm run plan -- --tenant-policy tenant-policy.json\n  cd stacks && npm run plan -- --stack-file Pulumi.dev.yaml --out /tmp/plan",
  async run({ options, io }) {
    const stackFile = options.stackFile !== undefined ? resolvePath(io, options.stackFile) : stackFileOf(options.stack ?? "dev");
    const now = options.now ?? today();
    const out = options.out !== undefined ? resolvePath(io, options.out) : DEFAULT_OUT;
    // Every input and output is checked before the plan runs, and every problem is named at once (issue 12): a bad
    // --policy-config, --tenant, --tenant-policy, --waivers or --out beside a bad manifest are listed together, not
    // one per run. A problem is exit 2 with nothing written.
    const problems: string[] = [];
    const checked = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch (error) {
        if (!isInputError(error)) throw error;
        problems.push((error as Error).message);
        return undefined;
      }
    };
    const policyConfig = options.policyConfig === undefined ? undefined : checked(() => readPackConfig(resolvePath(io, options.policyConfig as string), options.policyConfig as string));
    let tenant = checked(() => {
      try {
        return options.tenant === undefined ? undefined : readTenantFile(resolvePath(io, options.tenant));
      } catch (error) {
        if (error instanceof TenantFileError) throw new InputError(`--tenant ${error.message}`);
        throw error;
      }
    });
    if (options.tenantPolicy !== undefined) {
      const policy = checked(() => {
        try {
          return readAppManagementPolicyFile(resolvePath(io, options.tenantPolicy as string));
        } catch (error) {
          if (error instanceof AppManagementPolicyError) throw new InputError(`--tenant-policy ${error.message}`);
          throw error;
        }
      });
      if (policy !== undefined) tenant = { ...tenant, appManagementPolicy: policy };
    }
    checked(() => checkOutDir(out, PLAN_FILES));
    const waiversFile = options.waivers === undefined ? undefined : resolvePath(io, options.waivers);
    if (waiversFile !== undefined && !existsSync(waiversFile)) {
      problems.push(`--waivers ${options.waivers}: no such file (a missing --waivers file would silently mean "no waivers"); give an existing waiver file or leave --waivers out`);
    } else {
      checked(() => loadWaivers(waiversFile ?? WAIVERS_FILE));
    }
    // A pack config of the right shape may still name settings its rules do not take ("lots" days): found here, with
    // the pack loaded only on this path, so they come in the same run as the manifest's problems (issue 12).
    const settingProblems = async (): Promise<string[]> => {
      if (policyConfig === undefined) return [];
      const { policyConfigProblems } = await import("../../policy-evaluator");
      const found = policyConfigProblems(policyConfig);
      return found.length === 0 ? [] : [`--policy-config ${options.policyConfig}: invalid policy pack config:\n${found.map((p) => `  ${p}`).join("\n")}`];
    };
    if (problems.length > 0) {
      problems.push(...await settingProblems());
      // The manifest is still checked (nothing is planned), so its problems come in the same run.
      try {
        const found = await planStack({ stackFile, now, checkOnly: true });
        if (found.kind === "invalid" && found.problems.length > 0) {
          io.stderr(`${formatProblems(found.problems)}\n`);
          problems.unshift(`${displayPath(io, path.resolve(stackFile))}: ${found.problems.length} problem(s), listed above`);
        }
      } catch (error) {
        if (!isInputError(error)) throw error;
        problems.unshift((error as Error).message);
      }
      const inputs = problems.length > 1 ? problems.map((p) => p.replace(/^/gm, "  ").replace(/^ {2}/, "- ")).join("\n") : problems[0];
      throw new InputError(`${problems.length > 1 ? `${problems.length} inputs have problems; nothing was planned:\n` : ""}${inputs}`);
    }
    const progress = progressLine(io);
    let outcome;
    try {
      outcome = await planStack({
        stackFile, now, policyConfig, tenant, debug: options.debug === true,
        waiversFile,
        onProgress: progress.update,
      });
    } finally {
      progress.end();
    }
    if (outcome.kind === "invalid") {
      io.stderr(`${formatProblems(outcome.problems)}\n`);
      for (const problem of await settingProblems()) io.stderr(`${problem}\n`);
      io.stderr(`${outcome.problems.length} problem(s) in ${displayPath(io, path.resolve(stackFile))}; nothing was planned.\n`);
      return EXIT.invalid;
    }
    if (outcome.kind === "rejected") {
      // Each rejection names its workload and the manifest it comes from (issue 12), after Azure's own message.
      const workloads = workloadNames(readStackFile(stackFile).config);
      const shown = displayPath(io, path.resolve(stackFile));
      for (const f of outcome.failures) {
        const owner = owningWorkload(f.name, workloads);
        io.stderr(`${f.name} [${f.type}]: ${f.message}${owner === undefined ? ` (a resource the stack shares; ${shown})` : ` (workloads.${owner} in ${shown})`}\n`);
      }
      io.stderr(`Azure would reject ${outcome.failures.length} resource(s) of stack ${outcome.stack}; nothing was written.\n`);
      return EXIT.rejected;
    }
    writeFilesAtomically(out, { "plan.json": `${JSON.stringify(outcome.plan, null, 2)}\n`, "access-report.md": outcome.report });
    io.stdout(`${renderSummary(outcome.plan)}\n`);
    // Loaded only now, after the files are written; it reads the waiver file and loads no SDK (test/layers.test.ts).
    const { unmatchedWaiversIn } = await import("../../plan/unmatched-waivers");
    // The stacks a waiver may name: the project's stack files, and those beside a --stack-file.
    const knownStacks = [...new Set([...stackNames(), ...stackNames(path.dirname(stackFile))])];
    for (const line of unmatchedWaiversIn(waiversFile, outcome.plan, knownStacks)) io.stderr(`plan: warning: ${line}\n`);
    const shown = (file: string) => displayPath(io, path.resolve(out, file));
    io.stdout(`Wrote ${shown("plan.json")} and ${shown("access-report.md")}\n`);
    return outcome.plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.policy : EXIT.ok;
  },
};

/** Runs the plan command in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(planCommand, argv, io);
}
