import * as authorization from "@pulumi/azure-native/authorization";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { role } from "../../model/catalog";
import type { ReportSink } from "../apply-waivers";
import { trailingGuid } from "../support";

/** Owner, Contributor, User Access Administrator and the other roles the catalog marks `privileged`, at any scope. */
export const privilegedRoleAssignment: ResourceValidationPolicy = {
  name: "privileged-role-assignment",
  description: "Role assignments do not grant a privileged built-in Azure role.",
  enforcementLevel: "mandatory",
  remediationSteps: "Assign the narrowest built-in role that covers the workload's actions (a Reader or data-plane role), or record a reviewed waiver in policies/waivers.yaml.",
  validateResource: validateResourceOfType(authorization.RoleAssignment, (ra, _args, reportViolation) => {
    const roleId = trailingGuid(ra.roleDefinitionId);
    if (!roleId) return; // unknown during preview
    const lookup = role(roleId);
    if (!lookup.ok || lookup.value.privileged !== true) return;
    const scope = typeof ra.scope === "string" ? ra.scope : "(scope not yet known)";
    (reportViolation as unknown as ReportSink)({
      item: `${lookup.value.name}@${scope}`,
      message: `Assigns the privileged role "${lookup.value.name}" (${roleId}) at ${scope}: it can take full control of the scope or grant itself more access. ` +
        "Fix: assign the narrowest role that covers what the workload does (e.g. Reader, Log Analytics Reader, Key Vault Secrets User), or add a reviewed waiver to policies/waivers.yaml.",
    });
  }),
};
