import * as authorization from "@pulumi/azure-native/authorization";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * Without `principalType`, ARM looks the principal up and fails with PrincipalNotFound while Entra
 * replicates. azure-native fills a missing `principalType` with "User" before the engine sees it, so
 * "User" counts as missing: this toolkit assigns roles to service principals (workload and managed
 * identities) only.
 */
export const roleAssignmentPrincipalType: ResourceValidationPolicy = {
  name: "role-assignment-principal-type",
  description: "Role assignments state the principal type.",
  enforcementLevel: "mandatory",
  remediationSteps: 'Set principalType: "ServicePrincipal" on every assignment to a workload or managed identity.',
  validateResource: validateResourceOfType(authorization.RoleAssignment, (ra, _args, reportViolation) => {
    const type = typeof ra.principalType === "string" ? ra.principalType.trim() : "";
    if (type !== "" && type !== "User") return;
    const found = type === ""
      ? "principalType is not set"
      : 'principalType is "User", which is what azure-native sends when principalType is left out';
    reportViolation(
      `${found}: ARM then looks the principal up and fails with PrincipalNotFound while a new service principal replicates (or rejects a service principal given as a User). ` +
      'Fix: set principalType: "ServicePrincipal" (workload and managed identities).',
    );
  }),
};
