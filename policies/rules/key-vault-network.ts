import * as keyvault from "@pulumi/azure-native/keyvault";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { subjectOf } from "../support";

/**
 * A vault reachable from every network: `publicNetworkAccess` not `Disabled` (Key Vault's default is `Enabled`) and no
 * network rules that deny by default (`networkAcls.defaultAction: Deny`; without networkAcls the vault allows all
 * networks). https://learn.microsoft.com/azure/key-vault/general/network-security and
 * https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults (VaultProperties.publicNetworkAccess, networkAcls).
 */
export const keyVaultNetwork: ResourceValidationPolicy = {
  name: "key-vault-network",
  description: "Key Vaults the toolkit creates restrict network access (public access disabled, or network rules that deny by default).",
  enforcementLevel: "advisory",
  remediationSteps: "Set properties.networkAcls.defaultAction: Deny with the allowed networks (and bypass: AzureServices), or publicNetworkAccess: Disabled with a private endpoint.",
  validateResource: validateResourceOfType(keyvault.Vault, (vault, args, reportViolation) => {
    const p = vault.properties;
    if (p === undefined) return; // unknown during preview
    const publicAccess = p.publicNetworkAccess;
    if (typeof publicAccess === "string" && publicAccess.toLowerCase() === "disabled") return;
    if (p.networkAcls?.defaultAction === "Deny") return;
    reportViolation(
      `${subjectOf(args)}: vault ${args.name} accepts requests from any network (publicNetworkAccess ${typeof publicAccess === "string" ? publicAccess : "not set, Enabled by default"}, ` +
      "no networkAcls denying by default). Fix: set properties.networkAcls: { defaultAction: Deny, bypass: AzureServices, ipRules/virtualNetworkRules for the deployers }, " +
      "or publicNetworkAccess: Disabled with a private endpoint.",
    );
  }),
};
