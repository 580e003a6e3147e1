import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import type { WorkloadSummary } from "../../model/summary";
import { isManifestError, parseManifest, readManifestConfig, type Problem } from "../../stacks/manifest";
import type { SimulatedTenant } from "../../simulator/context";
import type { PackConfig } from "../policy-evaluator";
import type { RegistrationFailure } from "../runtime/capture-monitor";
import { isDuplicateUrn } from "../../model/urn";
import { readStackFile } from "../runtime/stack-file";
import { adoptedTenant } from "../tenant/simulated";
import { plannedRegistrations } from "./footprint";
import { inManifestOrder } from "./merge";
import type { PlanFile } from "./plan-file";
import { runSharded, shardingFor, sliceWorkloads, startShardWorkers, stopShardWorkers, WORKLOADS_KEY, type ShardRun } from "./shard";

const ROOT = path.resolve(__dirname, "..", "..");

/** How far the program has got: resources registered (components included), of how many, for how many workloads. */
export interface PlanProgress {
  registered: number;
  total: number;
  workloads: number;
}

export interface PlanOptions {
  stackFile: string;
  /** The clock: rotation epochs, end dates, policy lifetimes and waiver expiry. */
  now: Date;
  /** Waiver file. @default policies/waivers.yaml */
  waiversFile?: string;
  /** Policy pack config (Pulumi's --policy-pack-config form). @default none: every rule at its default level */
  policyConfig?: PackConfig;
  /** Called as resources register. */
  onProgress?: (progress: PlanProgress) => void;
  /** Keep full stack traces of the program's errors (`--debug`); slower. @default false */
  debug?: boolean;
  /** What the real tenant and subscription hold (`--tenant`). @default nothing known: the plan assumes and says so */
  tenant?: SimulatedTenant;
  /** Only check the manifest, plan nothing (another input already failed: its problems and the manifest's are named together). */
  checkOnly?: boolean;
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

/** How many workloads the config declares (0 when its workloads value is not a JSON map: the manifest check says why). */
function workloadCount(config: Record<string, string>): number {
  try {
    const workloads: unknown = JSON.parse(config[WORKLOADS_KEY] ?? "{}");
    return workloads !== null && typeof workloads === "object" && !Array.isArray(workloads) ? Object.keys(workloads).length : 0;
  } catch {
    return 0;
  }
}

/** The stack config as the program reads it (`pulumi.Config("entra-workloads")`). */
function configReader(config: Record<string, string>) {
  return { get: (key: string) => config[`entra-workloads:${key}`] };
}

interface RunRequest {
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  now: Date;
  tenant: SimulatedTenant;
  debug?: boolean;
  onRegistered: (count: number) => void;
  policyConfig?: PackConfig;
  waiversFile?: string;
}

/**
 * The program in this process, against the simulator, then the policy pack on what it registered. The SDKs, the
 * simulator and the pack are loaded only now: a sharded plan never loads them in the planning process.
 */
async function runHere(request: RunRequest): Promise<ShardRun> {
  const [{ runProgram }, { AzureSimulator }, { evaluateRun }] = await Promise.all([
    import("../runtime/run-program"), import("../../simulator"), import("./evaluate"),
  ]);
  const simulator = new AzureSimulator({ now: request.now, tenant: request.tenant });
  const run = await runProgram({
    program: request.program, project: request.project, stack: request.stack, config: request.config,
    now: request.now, mocks: simulator, onRegistered: request.onRegistered, stackTraces: request.debug,
  });
  const done = { ...run, assumptions: simulator.assumptions };
  if (run.error !== undefined || run.failures.length > 0) return done;
  return { ...done, violations: evaluateRun(run.resources, { now: request.now, policyConfig: request.policyConfig, waiversFile: request.waiversFile }) };
}

/**
 * Plans one stack offline: the real program against the strict Azure simulator, then every policy.
 *
 * The slow part starts first: the manifest is validated here, exactly as the program validates it (an invalid one
 * loads no SDK and plans nothing), then the program runs — a large stack in shards, each shard its own process that
 * also evaluates the policies on what it registered, so this process never loads the SDKs.
 */
export async function planStack(options: PlanOptions): Promise<PlanOutcome> {
  const stackFile = readStackFile(options.stackFile);
  const stack = stackFile.stackName;
  const project = projectName();
  const program = path.join(ROOT, "index.ts");
  const config: Record<string, string> = { ...stackFile.config };
  // A large stack's shard processes start loading the SDKs now, while this one validates the manifest.
  const sharding = options.checkOnly ? undefined : shardingFor(workloadCount(config));
  const workers = sharding ? startShardWorkers(sharding.concurrency) : [];
  const parsed = parseManifest(readManifestConfig(configReader(config)), { location: config["azure-native:location"], stack });
  if (!parsed.manifest || parsed.errors.length > 0 || options.checkOnly) {
    stopShardWorkers(workers);
    return { kind: "invalid", stack, problems: parsed.errors };
  }
  const manifest = parsed.manifest;

  const tenant = { ...options.tenant, ...adoptedTenant(config) };
  // Each shard registers the shared vault and API service principals again: the total counts them per shard, for the
  // slices as cut (sliceWorkloads keeps workloads that refer to each other together, so a cut may move).
  const slices = sharding ? sliceWorkloads(JSON.parse(config[WORKLOADS_KEY] ?? "{}") as Record<string, unknown>, sharding.sizes) : undefined;
  const parts = slices ? slices.map((slice) => manifest.workloads.filter((w) => Object.hasOwn(slice, w.name))) : [manifest.workloads];
  const total = parts.reduce((sum, workloads) => sum + plannedRegistrations({ keyVault: manifest.keyVault, workloads }), 0);
  const onRegistered = (registered: number) => options.onProgress?.({ registered, total, workloads: manifest.workloads.length });

  const policies = { policyConfig: options.policyConfig, waiversFile: options.waiversFile };
  const run = sharding
    ? await runSharded({
      program, project, stack, config, now: options.now, concurrency: sharding.concurrency, workers, onRegistered, stackTraces: options.debug, tenant: options.tenant, ...policies,
      shards: slices ?? [],
    })
    : await runHere({ program, project, stack, config, now: options.now, tenant, debug: options.debug, onRegistered, ...policies });
  if (run.error !== undefined) {
    if (isManifestError(run.error)) return { kind: "invalid", stack, problems: [...run.error.problems] };
    throw run.error instanceof Error ? run.error : new Error(`the program failed: ${JSON.stringify(run.error)}`);
  }
  // Two resources of one URN are a collision the manifest's checks (stacks/manifest/checks/logical-names.ts) missed:
  // a bug, never a plan that keeps one of them.
  const duplicate = run.failures.find(isDuplicateUrn);
  if (duplicate) throw new Error(`${duplicate.message} (${duplicate.type}): the engine refuses two resources of one URN, and the manifest checks should have named the two entries that make it; please report this with the stack file`);
  if (run.failures.length > 0) return { kind: "rejected", stack, failures: inManifestOrder(run.failures, manifest.workloads.map((w) => w.name)) };

  const [{ buildPlan }, { renderAccessReport }] = await Promise.all([import("./build"), import("../report/access-report")]);
  const plan = buildPlan({
    stack, project, now: options.now, resources: run.resources,
    workloads: (run.outputs.workloads ?? {}) as Record<string, WorkloadSummary>,
    violations: run.violations ?? [],
    assumptions: run.assumptions ?? [],
    warnings: parsed.warnings,
  });
  const keyVaultName = typeof run.outputs.keyVaultName === "string" ? run.outputs.keyVaultName : undefined;
  return { kind: "planned", stack, plan, report: renderAccessReport(plan, { keyVaultName }) };
}
