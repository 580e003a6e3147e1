import type { ResourceValidationPolicy } from "@pulumi/policy";
import { withSubject, withWaivers } from "./apply-waivers";
import { allPolicies } from "./rules";
import type { Waiver } from "./waivers";

/** The pack's name and description, as the Pulumi engine lists it. */
export const PACK = {
  name: "entra-workloads",
  description: "Guardrails for Microsoft Entra workload identities: least privilege, short-lived credentials, hardened Key Vault.",
} as const;

export { WAIVERS_FILE } from "./waivers";

/**
 * The pack with waivers: every rule (or the `rules` given), each finding naming its workload and item, with the waivers applied in its report path. One assembly
 * for the Pulumi engine (policies/index.ts) and the offline evaluator (preview/policy-evaluator.ts), so both run the
 * same pack.
 */
export function packWithWaivers(waivers: readonly Waiver[], rules: readonly ResourceValidationPolicy[] = allPolicies): ResourceValidationPolicy[] {
  return rules.map((rule) => withWaivers(withSubject(rule), waivers));
}
