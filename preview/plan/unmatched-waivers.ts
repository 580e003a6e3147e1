import { WAIVERS_FILE } from "../../policies/pack";
import { loadWaivers, type Waiver } from "../../policies/waivers";
import type { PlanFile } from "./plan-file";

/**
 * Waivers of this stack that name a workload or resource the plan does not hold (issue 12: a misspelt workload in a
 * waiver was never reported, so the exception it meant to grant silently did not apply, or outlived what it covered).
 * A waiver limited to other stacks (`stacks:`) is not this plan's business.
 */
export function unmatchedWaivers(waivers: readonly Waiver[], plan: PlanFile): string[] {
  const workloads = new Set(plan.workloads.map((w) => w.name));
  const resources = new Set(plan.resources.flatMap((r) => [r.name, r.urn]));
  const lines: string[] = [];
  waivers.forEach((waiver, i) => {
    if (waiver.stacks !== undefined && !waiver.stacks.includes(plan.stack)) return;
    if (waiver.workload !== undefined && !workloads.has(waiver.workload)) {
      lines.push(`waivers[${i}] (${waiver.rule}) names workload "${waiver.workload}", which stack ${plan.stack} does not declare; fix the name, or limit the waiver with stacks:`);
    } else if (waiver.workload === undefined && waiver.resource !== undefined && !resources.has(waiver.resource)) {
      lines.push(`waivers[${i}] (${waiver.rule}) names resource "${waiver.resource}", which stack ${plan.stack} does not have; fix the name, or limit the waiver with stacks:`);
    }
  });
  return lines;
}

/** The same, read from a waiver file (default policies/waivers.yaml; a missing default file holds none). */
export function unmatchedWaiversIn(file: string | undefined, plan: PlanFile): string[] {
  return unmatchedWaivers(loadWaivers(file ?? WAIVERS_FILE), plan);
}
