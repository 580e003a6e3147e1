import * as authorization from "@pulumi/azure-native/authorization";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

const SUBSCRIPTION = /^\/subscriptions\/[^/]+\/?$/i;
const MANAGEMENT_GROUP = /^(\/providers\/Microsoft\.Management\/managementGroups\/[^/]+|\/)\/?$/i;

/** Any role at subscription, management-group or tenant-root scope. */
export const broadScopeRoleAssignment: ResourceValidationPolicy = {
  name: "broad-scope-role-assignment",
  description: "Role assignments are scoped below the subscription.",
  enforcementLevel: "advisory",
  remediationSteps: "Scope the assignment to the resource group or the resource the workload uses.",
  validateResource: validateResourceOfType(authorization.RoleAssignment, (ra, _args, reportViolation) => {
    const scope = ra.scope;
    if (typeof scope !== "string") return;
    const level = SUBSCRIPTION.test(scope) ? "subscription" : MANAGEMENT_GROUP.test(scope) ? "management-group" : undefined;
    if (!level) return;
    reportViolation(
      `Assigns a role at ${level} scope (${scope}), which reaches every resource below it. ` +
      "Fix: scope the assignment to the resource group or the resource the workload actually uses.",
    );
  }),
};
