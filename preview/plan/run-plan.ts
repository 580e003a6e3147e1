import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import type { WorkloadSummary } from "../../model/summary";
import { isManifestError, type Problem } from "../../stacks/manifest";
import { WAIVERS_FILE } from "../../policies/pack";
import { loadWaivers } from "../../policies/waivers";
import { evaluatePolicies, type PackConfig } from "../policy-evaluator";
import type { PlanFile } from "./plan-file";
import { renderAccessReport } from "../report/access-report";
import type { RegistrationFailure } from "../runtime/capture-monitor";
import { runProgram } from "../runtime/run-program";
import { readStackFile } from "../runtime/stack-file";
import { AzureSimulator, type SimulatedTenant } from "../../simulator";
import { adoptedTenant } from "../tenant/simulated";
import { buildPlan, workloadOwners } from "./build";
import { runSharded, shardingFor } from "./shard";

const ROOT = path.resolve(__dirname, "..", "..");

export interface PlanOptions {
  stackFile: string;
  /** The clock: rotation epochs, end dates, policy lifetimes and waiver expiry. */
  now: Date;
  /** Waiver file. @default policies/waivers.yaml */
  waiversFile?: string;
  /** Policy pack config (Pulumi's --policy-pack-config form). @default none: every rule at its default level */
  policyConfig?: PackConfig;
  /** Progress: resources registered so far, out of a stack of `workloads` workloads. */
  onProgress?: (registered: number, workloads: number) => void;
  /** Keep full stack traces of the program's errors (`--debug`); slower. @default false */
  debug?: boolean;
  /** What the real tenant and subscription hold (`--tenant`). @default nothing known: the plan assumes and says so */
  tenant?: SimulatedTenant;
}

export type PlanOutcome =
  /** The manifest or config is invalid: nothing was registered. */
  | { kind: "invalid"; stack: string; problems: Problem[] }
  /** The manifest is valid but Azure would refuse some resources (the simulator's rejections). */
  | { kind: "rejected"; stack: string; failures: RegistrationFailure[] }
  | { kind: "planned"; stack: string; plan: PlanFile; report: string };

function projectName(): string {
  const doc = parseYaml(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { name: string };
  return doc.name;
}

/** How many workloads the stack declares (0 when its workloads config is not a JSON map: the program reports that). */
function workloadCount(config: Record<string, string>): number {
  try {
    const workloads: unknown = JSON.parse(config["entra-workloads:workloads"] ?? "{}");
    return workloads && typeof workloads === "object" && !Array.isArray(workloads) ? Object.keys(workloads).length : 0;
  } catch {
    return 0;
  }
}

/** Plans one stack offline: the real program against the strict Azure simulator, then every policy. */
export async function planStack(options: PlanOptions): Promise<PlanOutcome> {
  const stackFile = readStackFile(options.stackFile);
  const stack = stackFile.stackName;
  const project = projectName();
  const waivers = loadWaivers(options.waiversFile ?? WAIVERS_FILE);
  const program = path.join(ROOT, "index.ts");
  const config = { ...stackFile.config, "entra-workloads:now": options.now.toISOString() };
  // Large stacks run in shards (separate processes, each the same program on a slice of the workloads), merged.
  const workloads = workloadCount(config);
  const sharding = shardingFor(workloads);
  const onRegistered = options.onProgress && ((registered: number) => options.onProgress?.(registered, workloads));
  const tenant = { ...options.tenant, ...adoptedTenant(config) };
  const simulator = new AzureSimulator({ now: options.now, tenant });
  const run = sharding
    ? await runSharded({ program, project, stack, config, now: options.now, sharding, onRegistered, stackTraces: options.debug, tenant: options.tenant })
    : { ...await runProgram({ program, project, stack, config, mocks: simulator, onRegistered, stackTraces: options.debug }), assumptions: simulator.assumptions };
  if (run.error !== undefined) {
    if (isManifestError(run.error)) return { kind: "invalid", stack, problems: [...run.error.problems] };
    throw run.error;
  }
  if (run.failures.length > 0) return { kind: "rejected", stack, failures: run.failures };

  const owners = workloadOwners(run.resources);
  const violations = evaluatePolicies(
    run.resources.filter((r) => r.custom).map((r) => ({
      urn: r.urn, type: r.type, name: r.name, props: r.inputs, parent: r.parent, workload: owners.get(r.urn),
    })),
    { now: options.now, config: options.policyConfig, waivers },
  );
  const plan = buildPlan({
    stack, project, now: options.now, resources: run.resources,
    workloads: (run.outputs.workloads ?? {}) as Record<string, WorkloadSummary>,
    violations,
    assumptions: run.assumptions ?? [],
  });
  const keyVaultName = typeof run.outputs.keyVaultName === "string" ? run.outputs.keyVaultName : undefined;
  return { kind: "planned", stack, plan, report: renderAccessReport(plan, { keyVaultName }) };
}
