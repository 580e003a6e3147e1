import * as keyvault from "@pulumi/azure-native/keyvault";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { SOFT_DELETE_RETENTION_DAYS } from "../../components/key-vault";

/** The vault holding workload credentials uses RBAC, purge protection and the full soft-delete window. */
export const keyVaultHardening: ResourceValidationPolicy = {
  name: "key-vault-hardening",
  description: "Key Vaults use RBAC authorization, purge protection and 90-day soft delete.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set properties.enableRbacAuthorization: true, enablePurgeProtection: true and softDeleteRetentionInDays: 90.",
  validateResource: validateResourceOfType(keyvault.Vault, (vault, _args, reportViolation) => {
    const p = vault.properties;
    if (p?.enableRbacAuthorization !== true) {
      reportViolation("The vault does not use RBAC authorization (access policies grant whole-vault rights and bypass Azure RBAC reviews). Fix: set properties.enableRbacAuthorization: true and grant Key Vault Secrets User per workload.");
    }
    if (p?.enablePurgeProtection !== true) {
      reportViolation("The vault has no purge protection, so a deleted secret or the vault itself can be destroyed for good at once. Fix: set properties.enablePurgeProtection: true (it cannot be turned off again).");
    }
    const retention = p?.softDeleteRetentionInDays;
    if (p?.enableSoftDelete === false || (typeof retention === "number" && retention < SOFT_DELETE_RETENTION_DAYS)) {
      const found = p?.enableSoftDelete === false ? "soft delete is disabled" : `soft delete keeps deleted items ${retention} days`;
      reportViolation(`The vault's ${found}, under ${SOFT_DELETE_RETENTION_DAYS} days. Fix: set properties.softDeleteRetentionInDays: ${SOFT_DELETE_RETENTION_DAYS} and leave enableSoftDelete on.`);
    }
  }),
};
