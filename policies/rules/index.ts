import type { ResourceValidationPolicy } from "@pulumi/policy";
import { applicationOwners } from "./application-owners";
import { broadScopeRoleAssignment } from "./broad-scope-role-assignment";
import { certificateLifetime } from "./certificate-lifetime";
import { implicitGrant } from "./implicit-grant";
import { federatedTrust } from "./federated-trust";
import { keyVaultHardening } from "./key-vault-hardening";
import { keyVaultNetwork } from "./key-vault-network";
import { noClientSecret } from "./no-client-secret";
import { keyVaultSecretExpiry } from "./key-vault-secret-expiry";
import { privilegedGraphPermission } from "./privileged-graph-permission";
import { privilegedRoleAssignment } from "./privileged-role-assignment";
import { redirectUri } from "./redirect-uri";
import { roleAssignmentPrincipalType } from "./role-assignment-principal-type";
import { secretLifetime } from "./secret-lifetime";
import { signInAudience } from "./sign-in-audience";
import { RULE_NAMES } from "../rule-names";

export {
  applicationOwners, broadScopeRoleAssignment, certificateLifetime, federatedTrust, implicitGrant, keyVaultHardening, keyVaultNetwork,
  keyVaultSecretExpiry, noClientSecret, privilegedGraphPermission, privilegedRoleAssignment, redirectUri, roleAssignmentPrincipalType, secretLifetime, signInAudience,
};

/** Every rule of the pack, in the order of issue 4's table with issue 17's rules beside their kin (the order findings are reported in). */
export const allPolicies: readonly ResourceValidationPolicy[] = [
  privilegedRoleAssignment,
  broadScopeRoleAssignment,
  roleAssignmentPrincipalType,
  privilegedGraphPermission,
  noClientSecret,
  federatedTrust,
  secretLifetime,
  certificateLifetime,
  keyVaultHardening,
  keyVaultSecretExpiry,
  keyVaultNetwork,
  redirectUri,
  implicitGrant,
  signInAudience,
  applicationOwners,
];

/** The rule names, for waivers and config validation (policies/rule-names.ts, which loads no SDK). */
export const ruleNames: readonly string[] = RULE_NAMES;
if (allPolicies.map((p) => p.name).join() !== ruleNames.join()) {
  throw new Error(`policies/rule-names.ts lists ${ruleNames.join(", ")}; the pack holds ${allPolicies.map((p) => p.name).join(", ")}: keep them in step`);
}
