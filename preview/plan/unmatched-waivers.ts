import { canonicalItem, loadWaivers, WAIVERS_FILE, type Waiver } from "../../policies/waivers";
import { legacyMockUrn, parseUrn } from "../../model/urn";
import type { PlanFile } from "./plan-file";

/**
 * Why a `resource:` URN names nothing, and the URN it meant. A URN in the form plans had before the runner built the
 * engine's (only the immediate parent's type: model/urn.ts legacyMockUrn) is not matched: the policy pack
 * under `pulumi preview`/`up` sees the engine's URN and never matched it, so matching it here would again waive offline
 * what the engine refuses (issue 12). Otherwise a URN naming a resource the plan has under another URN is pointed at it.
 */
function urnFix(urn: string, plan: PlanFile): string | undefined {
  const parts = parseUrn(urn);
  if (parts === undefined) return undefined;
  if (parts.stack !== plan.stack) return `a URN of stack ${parts.stack}, which no plan of stack ${plan.stack} holds; limit the waiver with stacks: [${parts.stack}]`;
  // The engine puts the project's name in every URN (urn.go NewURN): a URN copied from another project's plan names
  // nothing here, whatever its stack and type say.
  if (parts.project !== plan.project) return `a URN of project ${parts.project}, not of this project (${plan.project}); copy the URN from this project's plan.json, or give the logical name "${parts.name}"`;
  const old = plan.resources.find((r) => r.urn !== urn && legacyMockUrn(r.urn) === urn);
  if (old !== undefined) {
    return `the URN form plans had before (only the immediate parent's type), which pulumi preview and up never give, so it waives nothing; ` +
      `write the engine's URN "${old.urn}" (as plan.json shows it) or the logical name "${old.name}"`;
  }
  const named = plan.resources.find((r) => r.name === parts.name);
  return named === undefined ? undefined : `which stack ${plan.stack} does not have; did you mean "${named.urn}" (as plan.json shows it), or the logical name "${named.name}"?`;
}

/**
 * Waivers of this stack that name a workload, resource or item the plan does not hold (issue 12: a misspelt workload in a
 * waiver was never reported, so the exception it meant to grant silently did not apply, or outlived what it covered).
 * A waiver limited to other stacks (`stacks:`) is not this plan's business.
 */
export function unmatchedWaivers(waivers: readonly Waiver[], plan: PlanFile, knownStacks: readonly string[] = [plan.stack]): string[] {
  const workloads = new Set(plan.workloads.map((w) => w.name));
  const resources = new Set(plan.resources.flatMap((r) => [r.name, r.urn]));
  const stacks = new Set([...knownStacks, plan.stack]);
  const lines: string[] = [];
  waivers.forEach((waiver, i) => {
    // A stack named in stacks: that has no stack file holds the waiver nowhere (a misspelt "prd"), whichever stack plans.
    for (const stack of (waiver.stacks ?? []).filter((s) => !stacks.has(s))) {
      lines.push(`waivers[${i}] (${waiver.rule}) lists stack "${stack}" in stacks:, which has no stack file; the stacks are ${[...stacks].sort().join(", ")} — fix the name`);
    }
    if (waiver.stacks !== undefined && !waiver.stacks.includes(plan.stack)) return;
    if (waiver.workload !== undefined && !workloads.has(waiver.workload)) {
      lines.push(`waivers[${i}] (${waiver.rule}) names workload "${waiver.workload}", which stack ${plan.stack} does not declare; fix the name, or limit the waiver with stacks:`);
    } else if (waiver.workload !== undefined && waiver.item !== undefined) {
      // A misspelt item (or one the manifest no longer makes) waives nothing, silently: say which items the rule found.
      const items = plan.violations.filter((v) => v.policy === waiver.rule && v.workload === waiver.workload && v.item !== undefined).map((v) => v.item ?? "");
      if (!items.some((item) => canonicalItem(item) === canonicalItem(waiver.item ?? ""))) {
        const found = items.length === 0 ? `${waiver.rule} finds nothing on it` : `its findings of ${waiver.rule} are ${items.map((x) => `"${x}"`).join(", ")}`;
        lines.push(`waivers[${i}] (${waiver.rule}) names item "${waiver.item}" of workload "${waiver.workload}", which no finding of stack ${plan.stack} has (${found}); write the item as plan.json shows it, or remove the waiver`);
      }
    } else if (waiver.workload !== undefined && !plan.violations.some((v) => v.policy === waiver.rule && v.workload === waiver.workload)) {
      // A workload waiver whose rule finds nothing on the workload waives nothing, as silently as a misspelt item did.
      lines.push(`waivers[${i}] (${waiver.rule}) names workload "${waiver.workload}", on which ${waiver.rule} finds nothing in stack ${plan.stack}; name the rule of the finding meant, or remove the waiver`);
    } else if (waiver.workload === undefined && waiver.resource !== undefined && !resources.has(waiver.resource)) {
      const fix = urnFix(waiver.resource, plan) ?? `which stack ${plan.stack} does not have; fix the name, or limit the waiver with stacks:`;
      lines.push(`waivers[${i}] (${waiver.rule}) names resource "${waiver.resource}", ${fix}`);
    } else if (waiver.workload === undefined && waiver.resource !== undefined) {
      // The resource exists but its rule finds nothing on it (another rule's finding, or one the manifest no longer
      // makes): the waiver waives nothing, as silently as a misspelt name did (issue 12, fourth pass).
      const named = plan.resources.filter((r) => r.name === waiver.resource || r.urn === waiver.resource);
      const urns = new Set(named.map((r) => r.urn));
      if (!plan.violations.some((v) => v.policy === waiver.rule && urns.has(v.urn))) {
        const rules = [...new Set(plan.violations.filter((v) => urns.has(v.urn)).map((v) => v.policy))];
        const found = rules.length === 0 ? "no rule finds anything on it" : `the rules finding something on it are ${rules.join(", ")}`;
        lines.push(`waivers[${i}] (${waiver.rule}) names resource "${waiver.resource}", on which ${waiver.rule} finds nothing in stack ${plan.stack} (${found}); name the rule of the finding meant, or remove the waiver`);
      }
    }
  });
  return lines;
}

/** The same, read from a waiver file (default policies/waivers.yaml; a missing default file holds none). */
export function unmatchedWaiversIn(file: string | undefined, plan: PlanFile, knownStacks?: readonly string[]): string[] {
  return unmatchedWaivers(loadWaivers(file ?? WAIVERS_FILE), plan, knownStacks);
}
