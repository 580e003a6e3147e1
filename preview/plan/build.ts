import type { WorkloadSummary } from "../../model/summary";
import type { CapturedResource } from "../runtime/capture-monitor";
import type { PlanFile, PlanResource, PlanViolation, PlanWorkload } from "./plan-file";
import { criticalPath } from "./graph";
import { maskInputs } from "./mask";

const WORKLOAD_TYPE = "entra-workloads:index:Workload";

export interface BuildPlanArgs {
  stack: string;
  project: string;
  now: Date;
  resources: readonly CapturedResource[];
  /** The program's `workloads` export. */
  workloads: Record<string, WorkloadSummary>;
  violations: PlanViolation[];
  /** What the simulator took for granted about the real tenant and subscription. */
  assumptions: readonly string[];
}

/** The workload (Workload component) a resource sits under, by walking parents. */
export function workloadOwners(resources: readonly CapturedResource[]): Map<string, string> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const owners = new Map<string, string>();
  for (const r of resources) {
    let cursor: CapturedResource | undefined = r;
    while (cursor && cursor.type !== WORKLOAD_TYPE) cursor = cursor.parent ? byUrn.get(cursor.parent) : undefined;
    if (cursor) owners.set(r.urn, cursor.name);
  }
  return owners;
}

function toPlanWorkload(s: WorkloadSummary): PlanWorkload {
  return {
    name: s.name,
    kind: s.kind,
    ...(s.description === undefined ? {} : { description: s.description }),
    credentials: s.credentials,
    apiPermissions: s.apiPermissions,
    roleAssignments: s.roleAssignments,
    tokenAudiences: s.tokenAudiences,
    keyVaultSecrets: [...s.keyVaultSecrets].sort(),
    ...(s.adminConsentUrl === undefined ? {} : { adminConsentUrl: s.adminConsentUrl }),
    ...(s.secretReaders === undefined ? {} : { secretReaders: s.secretReaders }),
    ...(s.signIn === undefined ? {} : { signIn: s.signIn }),
    ...(s.exposes === undefined ? {} : { exposes: s.exposes }),
  };
}

/** plan.json: what Azure would receive (custom resources, secrets masked), who gets what, and the findings. */
export function buildPlan(args: BuildPlanArgs): PlanFile {
  const custom = args.resources.filter((r) => r.custom);
  const customUrns = new Set(custom.map((r) => r.urn));
  const resources: PlanResource[] = custom
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      dependsOn: r.dependsOn.filter((u) => customUrns.has(u)).sort(),
      inputs: maskInputs(r.type, r.inputs),
      ...(r.importId ? { import: r.importId } : {}),
    }))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  return {
    stack: args.stack,
    project: args.project,
    generatedAt: args.now.toISOString(),
    resources,
    workloads: Object.values(args.workloads).map(toPlanWorkload).sort((a, b) => a.name.localeCompare(b.name)),
    violations: args.violations,
    assumptions: [...args.assumptions],
    summary: {
      resources: resources.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      criticalPath: criticalPath(resources),
    },
  };
}
