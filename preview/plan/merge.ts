import { owningWorkload } from "../cli/failure-owner";
import type { CapturedResource, RegistrationFailure } from "../runtime/capture-monitor";
import type { ProgramRun } from "../runtime/run-program";
import type { PlanViolation } from "./plan-file";
import { duplicateUrnMessage, parseUrn } from "../../model/urn";

/**
 * The type of the component each workload's resources are parented to (components/workload.ts): a resource whose
 * qualified type starts with it belongs to one workload, which exactly one shard plans.
 */
const WORKLOAD_TYPE = "entra-workloads:index:Workload";

const ownedByWorkload = (urn: string): boolean => {
  const type = parseUrn(urn)?.qualifiedType;
  return type === WORKLOAD_TYPE || type?.startsWith(`${WORKLOAD_TYPE}$`) === true;
};

/**
 * One program run from the runs of several shards of the same stack. Every shard declares the stack, the shared
 * vault and the shared look-ups as well as its own workloads; those arrive once per shard with the same URN and,
 * the simulator being deterministic, the same inputs: the first copy is kept. The `workloads` exports are joined;
 * every other export is the same in each shard and taken from the first. The order of resources does not matter:
 * the plan sorts them.
 */
export function mergeRuns(runs: readonly ProgramRun[]): ProgramRun {
  const resources = new Map<string, CapturedResource>();
  const failures = new Map<string, RegistrationFailure>();
  const workloads: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {};
  const assumptions = new Set<string>();
  for (const run of runs) {
    if (run.error !== undefined) return { resources: [], failures: [], outputs: {}, error: run.error };
    const mine = new Set<string>();
    for (const r of run.resources) {
      // Two shards registering one workload-owned URN: the engine's refusal, never a silent merge (issue 12).
      if (resources.has(r.urn) && !mine.has(r.urn) && ownedByWorkload(r.urn)) {
        const message = duplicateUrnMessage(r.urn);
        failures.set(`${r.type}\u0000${r.name}\u0000${message}`, { type: r.type, name: r.name, message });
      }
      mine.add(r.urn);
      if (!resources.has(r.urn)) resources.set(r.urn, r);
    }
    for (const a of run.assumptions ?? []) assumptions.add(a);
    for (const f of run.failures) {
      const key = `${f.type}\u0000${f.name}\u0000${f.message}`;
      if (!failures.has(key)) failures.set(key, f);
    }
    for (const [key, value] of Object.entries(run.outputs)) {
      if (key === "workloads" && value && typeof value === "object") Object.assign(workloads, value);
      else if (!(key in outputs)) outputs[key] = value;
    }
  }
  if (runs.some((r) => "workloads" in r.outputs)) outputs.workloads = workloads;
  return { resources: [...resources.values()], failures: [...failures.values()], outputs, assumptions: [...assumptions].sort() };
}

/**
 * The findings of several shards as one process reports them: ordered by resource URN, each resource's in the order
 * its shard reported them (rule order, then report order). A resource every shard declares (the vault) is judged
 * the same in each: its findings are taken from the first shard that reports any.
 */
export function mergeViolations(lists: readonly (readonly PlanViolation[])[]): PlanViolation[] {
  const byUrn = new Map<string, PlanViolation[]>();
  for (const list of lists) {
    const mine = new Map<string, PlanViolation[]>();
    for (const v of list) mine.set(v.urn, [...(mine.get(v.urn) ?? []), v]);
    for (const [urn, found] of mine) if (!byUrn.has(urn)) byUrn.set(urn, found);
  }
  return [...byUrn.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).flatMap((urn) => byUrn.get(urn) ?? []);
}

/**
 * Rejections in one order however the stack was planned (in shards or not, the program registers in an order its
 * promises settle in): the stack's shared resources first, then workload by workload in manifest order, each
 * workload's by logical name and type.
 */
export function inManifestOrder(failures: readonly RegistrationFailure[], workloads: readonly string[]): RegistrationFailure[] {
  const position = new Map(workloads.map((name, i) => [name, i] as const));
  const rank = (f: RegistrationFailure) => {
    const owner = owningWorkload(f.name, workloads);
    return owner === undefined ? -1 : position.get(owner) ?? -1;
  };
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return failures
    .map((f) => ({ f, rank: rank(f) }))
    .sort((a, b) => a.rank - b.rank || text(a.f.name, b.f.name) || text(a.f.type, b.f.type) || text(a.f.message, b.f.message))
    .map(({ f }) => f);
}
