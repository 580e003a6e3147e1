import { SECRET_NAME, vaultNameProblem } from "../model/key-vault";
import { armId } from "./arm";
import type { ResourceHandler } from "./context";
import { reject } from "./errors";
import { hexFor } from "./ids";
import { at, str, type Inputs } from "./inputs";
import { asSecret, isSecretMarker, unwrapSecret } from "./secrets";

/**
 * A vault name the tenant cannot have: vault names are global DNS labels
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault, scope
 * "global"), and a soft-deleted vault keeps its name until it is purged or its retention (7–90 days) ends — with purge
 * protection it cannot be purged sooner (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview).
 * ARM's answers, as azure-native reports them:
 * - taken elsewhere: `VaultAlreadyExists` "The vault name '…' is already in use. Vault names are globally unique …"
 *   (message as Azure PowerShell relays it in Azure/azure-powershell#15115; the code as Terraform's azurerm reports it);
 * - soft-deleted in this subscription: HTTP 409 `ConflictError` "A vault with the same name already exists in deleted
 *   state. …" (azure-native `keyvault:Vault` creating, alan-turing-institute/data-safe-haven#2523).
 */
function checkVaultNameAvailable(name: string, ctx: Parameters<ResourceHandler>[2]): void {
  const state = Object.entries(ctx.tenant.unavailableVaultNames ?? {}).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  if (state === "taken") {
    reject(
      "VaultAlreadyExists",
      `The vault name '${name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name. For more information on soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.`,
      ctx.resource,
      `vault names are global across all of Azure: set keyVault.name in this stack's file (stacks/Pulumi.<stack>.yaml) to one nobody holds, e.g. with your organisation's short name ("kv-contoso-wl-dev"; check with az keyvault check-name --name <name>), or, if "${name}" is your own vault, set keyVault.create: false to use it as it is.`,
    );
  }
  if (state === "softDeleted") {
    reject(
      "ConflictError",
      "A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.",
      ctx.resource,
      `"${name}" was deleted and is kept for its soft-delete retention (up to 90 days; with purge protection it cannot be purged sooner). Recover it (az keyvault recover --name ${name}) and set keyVault.create: false — it comes back with its secrets — or set keyVault.name in this stack's file to a new name.`,
    );
  }
  if (state === undefined) {
    ctx.directory.assume(`Key Vault name ${name} is free: no other subscription holds it and no soft-deleted vault keeps it (vault names are global; --tenant unavailableVaultNames says otherwise)`);
  }
}

/** `azure-native:keyvault:Vault`: ARM id and vault URI; refuses names Key Vault refuses. */
export const vault: ResourceHandler = (raw, inputs, ctx) => {
  const name = str(inputs, "vaultName") ?? ctx.resource.name;
  const problem = vaultNameProblem(name);
  if (problem !== undefined) {
    reject(
      "VaultNameNotValid",
      `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens. Follow this link for more information: https://go.microsoft.com/fwlink/?linkid=2147742`,
      ctx.resource,
      `choose another vaultName (${problem}); vault names are global DNS labels, e.g. "kv-workloads-dev".`,
    );
  }
  checkVaultNameAvailable(name, ctx);
  const properties = typeof raw.properties === "object" && raw.properties !== null && !isSecretMarker(raw.properties)
    ? { ...(raw.properties as Inputs), vaultUri: `https://${name}.vault.azure.net/` }
    : raw.properties;
  return {
    id: armId(ctx, str(inputs, "resourceGroupName") ?? "", "Microsoft.KeyVault/vaults", name),
    state: { ...raw, name, properties, type: "Microsoft.KeyVault/vaults", azureApiVersion: "2024-11-01" },
  };
};

/**
 * `azure-native:keyvault:Secret`: refuses invalid secret names; echoes `properties` with the secret
 * value kept inside a secret envelope (even when it arrived in plain text), plus the secret URIs.
 */
export const secret: ResourceHandler = (raw, inputs, ctx) => {
  const vaultName = str(inputs, "vaultName") ?? "";
  const name = str(inputs, "secretName") ?? ctx.resource.name;
  if (!SECRET_NAME.test(name)) {
    reject(
      "BadParameter",
      `The request URI contains an invalid name: ${name}`,
      ctx.resource,
      "secret names are 1-127 characters of letters, digits and hyphens; replace dots, underscores and spaces with hyphens.",
    );
  }
  const version = hexFor(`${ctx.urn}#version`, 32);
  const secretUri = `https://${vaultName}.vault.azure.net/secrets/${name}`;
  const uris = { secretUri, secretUriWithVersion: `${secretUri}/${version}` };
  const rawProperties = raw.properties;
  let properties: unknown;
  if (isSecretMarker(rawProperties)) {
    const inner = unwrapSecret(rawProperties);
    properties = asSecret(typeof inner === "object" && inner !== null ? { ...(inner as Inputs), ...uris } : inner);
  } else {
    const echoed: Inputs = { ...((rawProperties ?? {}) as Inputs), ...uris };
    if (at(inputs, "properties.value") !== undefined) echoed.value = asSecret((rawProperties as Inputs).value);
    properties = echoed;
  }
  return {
    id: `${armId(ctx, str(inputs, "resourceGroupName") ?? "", "Microsoft.KeyVault/vaults", vaultName)}/secrets/${name}`,
    state: { ...raw, name, properties, type: "Microsoft.KeyVault/vaults/secrets", azureApiVersion: "2024-11-01" },
  };
};
