import * as authorization from "@pulumi/azure-native/authorization";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { role } from "../../model/catalog";
import type { ReportSink } from "../apply-waivers";
import { trailingGuid } from "../support";

/**
 * Owner, Contributor, User Access Administrator and the other roles the catalog marks `privileged`, at any scope; and
 * any role the catalog cannot judge (a custom role definition, known only by its GUID), which the access summary
 * already counts as privileged until reviewed (model/summary.ts): a custom role may hold `Microsoft.Authorization/*`
 * or `*` (https://learn.microsoft.com/azure/role-based-access-control/custom-roles#custom-role-properties), so it
 * fails closed rather than passing as an advisory broad-scope note.
 */
export const privilegedRoleAssignment: ResourceValidationPolicy = {
  name: "privileged-role-assignment",
  description: "Role assignments do not grant a privileged built-in Azure role, nor a role the catalog cannot judge.",
  enforcementLevel: "mandatory",
  remediationSteps: "Assign the narrowest built-in role that covers the workload's actions (a Reader or data-plane role), or record a reviewed waiver in policies/waivers.yaml.",
  validateResource: validateResourceOfType(authorization.RoleAssignment, (ra, _args, reportViolation) => {
    const roleId = trailingGuid(ra.roleDefinitionId);
    if (!roleId) return; // unknown during preview
    const lookup = role(roleId);
    if (!lookup.ok || lookup.value.privileged === false) return;
    const scope = typeof ra.scope === "string" ? ra.scope : "(scope not yet known)";
    const report = reportViolation as unknown as ReportSink;
    if (lookup.value.privileged === null) {
      report({
        item: `${roleId}@${scope}`,
        message: `Assigns role definition ${roleId} at ${scope}, which is not a built-in role: the preview cannot tell what it grants, so it is treated as privileged. ` +
          "Fix: assign the built-in role that covers what the workload does, or have the custom role's actions reviewed and record a waiver in policies/waivers.yaml naming this item.",
      });
      return;
    }
    report({
      item: `${lookup.value.name}@${scope}`,
      message: `Assigns the privileged role "${lookup.value.name}" (${roleId}) at ${scope}: it can take full control of the scope or grant itself more access. ` +
        "Fix: assign the narrowest role that covers what the workload does (e.g. Reader, Log Analytics Reader, Key Vault Secrets User), or add a reviewed waiver to policies/waivers.yaml.",
    });
  }),
};
