import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { SOFT_DELETE_RETENTION_DAYS } from "../model/key-vault";
import type { RotationPlan } from "../model/rotation";
import type { KeyVaultSpec } from "../model/workload-spec";
import { withoutApiVersionAliases } from "./api-version-aliases";

export interface WorkloadVaultArgs extends KeyVaultSpec {
  /** Tenant the vault trusts (only used when creating it). */
  tenantId: pulumi.Input<string>;
  /** @default none */
  tags?: Record<string, string>;
}

export interface VaultSecretArgs {
  /** Secret name in the vault: 1–127 letters, digits and dashes. */
  secretName: string;
  value: pulumi.Input<string>;
  /** A credential (secret, key): stored as a Pulumi secret. Identifiers (client id, tenant id) are not. */
  sensitive: boolean;
  /** ISO-8601 expiry: a credential's end date, or model/key-vault.ts identifierExpiry for an identifier. Every secret has one. */
  expires?: pulumi.Input<string>;
  /** Tags of the secret (ARM `tags`), e.g. a rotating credential's `rotatesOn` / `retiresOn`. @default none */
  tags?: pulumi.Input<Record<string, string>>;
  /** @default "text/plain" */
  contentType?: string;
}

/**
 * The vault that carries what workloads need to authenticate: created hardened (RBAC authorization, purge
 * protection, 90-day soft delete) or referenced by name.
 */
export class WorkloadVault extends pulumi.ComponentResource {
  readonly vaultName: pulumi.Output<string>;
  readonly resourceGroupName: string;
  /** Present when this stack creates the vault. */
  readonly vault?: keyvault.Vault;

  constructor(name: string, args: WorkloadVaultArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:WorkloadVault", name, {}, opts);
    this.resourceGroupName = args.resourceGroupName;
    if (args.create) {
      this.vault = new keyvault.Vault(`${name}-vault`, {
        vaultName: args.name,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        tags: args.tags,
        properties: {
          tenantId: args.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enablePurgeProtection: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: SOFT_DELETE_RETENTION_DAYS,
        },
      }, {
        parent: this,
        // Vault names are global and a deleted vault keeps its name for the soft-delete retention (90 days here, and
        // purge protection forbids purging it sooner: https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview),
        // while every workload's credential lives in it. So no `pulumi up` or `destroy` deletes or replaces it:
        // `protect` stops the plan, and `retainOnDelete` leaves the vault in Azure even once someone unprotects it
        // and removes it from the stack. Deleting the vault is a deliberate `az keyvault delete`.
        protect: true,
        retainOnDelete: true,
        transformations: [withoutApiVersionAliases],
      });
      this.vaultName = this.vault.name;
    } else {
      this.vaultName = pulumi.output(args.name);
    }
    this.registerOutputs({ vaultName: this.vaultName });
  }

  /** A secret in this vault, parented to the workload that owns it. Credential values stay Pulumi secrets end to end. */
  secret(logicalName: string, args: VaultSecretArgs, parent: pulumi.Resource): keyvault.Secret {
    return new keyvault.Secret(logicalName, {
      vaultName: this.vaultName,
      resourceGroupName: this.resourceGroupName,
      secretName: args.secretName,
      properties: {
        value: args.sensitive ? pulumi.secret(args.value) : args.value,
        contentType: args.contentType ?? "text/plain",
        attributes: {
          enabled: true,
          // Key Vault takes seconds since the epoch.
          expires: args.expires === undefined ? undefined : pulumi.output(args.expires).apply((e) => Math.floor(Date.parse(e) / 1000)),
        },
      },
      ...(args.tags === undefined ? {} : { tags: args.tags }),
    }, { parent, transformations: [withoutApiVersionAliases] });
  }
}

/**
 * What the Key Vault secret of a rotating pair tells consumers about the member it holds: `expires` (ARM
 * `attributes.exp`) is its end date, after which Entra ID refuses it; tag `rotatesOn` is when Key Vault may hold a
 * newer member (refresh after it), tag `retiresOn` the earliest a deployment may delete this one. Key Vault's
 * `exp` is the time "on or after which the secret data should not be retrieved"
 * (https://learn.microsoft.com/azure/key-vault/secrets/about-secrets#secret-attributes), so it must not be earlier
 * than the credential's own end: the dates to act on are tags (ARM `tags` of Microsoft.KeyVault/vaults/secrets,
 * SecretCreateOrUpdateParameters).
 */
export function keyVaultAnnouncement(rotation: pulumi.Output<RotationPlan>): { expires: pulumi.Output<string>; tags: pulumi.Output<Record<string, string>> } {
  return {
    expires: rotation.apply((r) => r.newest.endDate),
    tags: rotation.apply((r): Record<string, string> => ({
      ...(r.newest.rotatesOn === undefined ? {} : { rotatesOn: r.newest.rotatesOn }),
      ...(r.newest.retiresOn === undefined ? {} : { retiresOn: r.newest.retiresOn }),
    })),
  };
}
