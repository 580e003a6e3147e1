import { WAIVERS_FILE } from "../../policies/pack";
import { loadWaivers } from "../../policies/waivers";
import { evaluatePolicies, type PackConfig } from "../policy-evaluator";
import type { CapturedResource } from "../runtime/capture-monitor";
import { workloadOwners } from "./build";
import type { PlanViolation } from "./plan-file";

export interface PolicyOptions {
  /** The instant lifetimes and waiver expiry are judged at. */
  now: Date;
  policyConfig?: PackConfig;
  /** @default policies/waivers.yaml */
  waiversFile?: string;
}

/**
 * The pack's findings on what a program run registered (its custom resources), each tied to the workload it belongs
 * to. A sharded plan evaluates each shard where it ran, in the shard's process (which has the SDKs loaded already);
 * `mergeViolations` joins them in the order one process would have produced.
 */
export function evaluateRun(resources: readonly CapturedResource[], options: PolicyOptions): PlanViolation[] {
  const waivers = loadWaivers(options.waiversFile ?? WAIVERS_FILE);
  const owners = workloadOwners(resources);
  return evaluatePolicies(
    resources.filter((r) => r.custom).map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs, parent: r.parent, workload: owners.get(r.urn) })),
    { now: options.now, config: options.policyConfig, waivers },
  );
}
