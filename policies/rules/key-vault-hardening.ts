import * as keyvault from "@pulumi/azure-native/keyvault";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { ruleConfig } from "../support";

export interface KeyVaultHardeningConfig {
  /** Shortest soft-delete retention allowed, in days. @default 90 */
  minSoftDeleteRetentionDays: number;
}

/**
 * The rule's own threshold, never the value the components create vaults with: lowering that would otherwise weaken
 * the guardrail with it. 90 is the longest retention Key Vault allows ("between 7 and 90 days",
 * https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview), and with purge protection the time
 * nobody can destroy a deleted vault's secrets.
 */
const DEFAULTS: KeyVaultHardeningConfig = { minSoftDeleteRetentionDays: 90 };

/** The vault holding workload credentials uses RBAC, purge protection and the full soft-delete window. */
export const keyVaultHardening: ResourceValidationPolicy = {
  name: "key-vault-hardening",
  description: "Key Vaults use RBAC authorization, purge protection and 90-day soft delete.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set properties.enableRbacAuthorization: true, enablePurgeProtection: true and softDeleteRetentionInDays: 90.",
  configSchema: {
    properties: {
      minSoftDeleteRetentionDays: {
        type: "integer", minimum: 7, maximum: 90, default: DEFAULTS.minSoftDeleteRetentionDays,
        description: "Shortest soft-delete retention allowed, in days (Key Vault allows 7–90).",
      },
    },
  },
  validateResource: validateResourceOfType(keyvault.Vault, (vault, args, reportViolation) => {
    const { minSoftDeleteRetentionDays: min } = ruleConfig(args, DEFAULTS);
    const p = vault.properties;
    if (p?.enableRbacAuthorization !== true) {
      reportViolation("The vault does not use RBAC authorization (access policies grant whole-vault rights and bypass Azure RBAC reviews). Fix: set properties.enableRbacAuthorization: true and grant Key Vault Secrets User per workload.");
    }
    if (p?.enablePurgeProtection !== true) {
      reportViolation("The vault has no purge protection, so a deleted secret or the vault itself can be destroyed for good at once. Fix: set properties.enablePurgeProtection: true (it cannot be turned off again).");
    }
    const retention = p?.softDeleteRetentionInDays;
    if (p?.enableSoftDelete === false || (typeof retention === "number" && retention < min)) {
      const found = p?.enableSoftDelete === false ? "soft delete is disabled" : `soft delete keeps deleted items ${retention} days`;
      reportViolation(`The vault's ${found}, under ${min} days. Fix: set properties.softDeleteRetentionInDays: ${min} or more (at most 90) and leave enableSoftDelete on.`);
    }
  }),
};
