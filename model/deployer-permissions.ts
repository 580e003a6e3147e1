/**
 * What the identity running `pulumi up` needs on Azure for each thing the toolkit writes through ARM, as the
 * control-plane operations azure-native performs (a GET to check the resource does not exist yet, the PUT, a read
 * after the write, a DELETE on removal: pulumi/pulumi-azure-native provider/pkg/provider/provider.go, Create /
 * defaultCreate / readAfterWrite), and the built-in roles the README recommends for each. test/deployer-permissions.test.ts
 * checks every recommended role against the role catalog's actions, so the README's deployer tables cannot claim a
 * role that lacks an operation.
 *
 * Key Vault secrets are written through ARM (`azure-native:keyvault:Secret` is Microsoft.KeyVault/vaults/secrets,
 * Azure/azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/secrets.json
 * @315e54b7, the API version azure-native 3.28 sends),
 * a management-plane write: `Microsoft.KeyVault/vaults/secrets/write` is an `actions` entry, which the Key Vault data
 * roles (Key Vault Secrets Officer: `dataActions` only, plus reads) do not grant
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-secrets-officer).
 */
export interface DeployerNeed {
  /** What the manifest asks for, as the README's deployer table words it. */
  what: string;
  /** Where the role is assigned. */
  scope: string;
  /** Control-plane operations azure-native performs for it. */
  operations: readonly string[];
  /** Built-in roles that grant every operation, least privileged first (the README names the first). */
  roles: readonly string[];
}

const rwd = (type: string): string[] => ["read", "write", "delete"].map((verb) => `${type}/${verb}`);

export const DEPLOYER_NEEDS: readonly DeployerNeed[] = [
  {
    what: "the Key Vault secrets (client id, tenant id, credential)",
    scope: "the vault",
    // The 2024-11-01 spec has no DELETE for vaults/secrets (secrets.json @315e54b7: CreateOrUpdate, Update, Get, List).
    operations: ["Microsoft.KeyVault/vaults/secrets/read", "Microsoft.KeyVault/vaults/secrets/write"],
    roles: ["Key Vault Contributor", "Contributor"],
  },
  {
    what: "keyVault.create: true",
    scope: "the vault's resource group",
    operations: ["Microsoft.KeyVault/vaults/read", "Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/secrets/read", "Microsoft.KeyVault/vaults/secrets/write"],
    roles: ["Key Vault Contributor", "Contributor"],
  },
  {
    what: "roles:",
    scope: "each role scope",
    operations: rwd("Microsoft.Authorization/roleAssignments"),
    roles: ["Role Based Access Control Administrator", "User Access Administrator", "Owner"],
  },
  {
    what: "type: managedIdentity (and its federated credentials)",
    scope: "the identity's resource group",
    operations: [...rwd("Microsoft.ManagedIdentity/userAssignedIdentities"), ...rwd("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials")],
    roles: ["Managed Identity Contributor", "Contributor"],
  },
];

/** The operation the README used to claim Key Vault Secrets Officer covers. */
export const KEY_VAULT_SECRET_WRITE = "Microsoft.KeyVault/vaults/secrets/write";
