import * as authorization from "@pulumi/azure-native/authorization";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** Without `principalType`, ARM looks the principal up and fails with PrincipalNotFound while Entra replicates. */
export const roleAssignmentPrincipalType: ResourceValidationPolicy = {
  name: "role-assignment-principal-type",
  description: "Role assignments state the principal type.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set principalType (ServicePrincipal for a workload identity or managed identity).",
  validateResource: validateResourceOfType(authorization.RoleAssignment, (ra, _args, reportViolation) => {
    if (typeof ra.principalType === "string" && ra.principalType.trim() !== "") return;
    reportViolation(
      "principalType is not set, so ARM must look the principal up and fails with PrincipalNotFound while a new service principal replicates. " +
      'Fix: set principalType: "ServicePrincipal" (for workload and managed identities).',
    );
  }),
};
