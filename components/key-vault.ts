import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type { KeyVaultSpec } from "./workload-spec";

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
  /** ISO-8601 expiry; every secret that carries a credential has one. @default none (plain identifiers) */
  expires?: string;
  /** @default "text/plain" */
  contentType?: string;
}

/** Soft-delete retention we create vaults with (the longest Azure allows). */
export const SOFT_DELETE_RETENTION_DAYS = 90;

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
      }, { parent: this, protect: false });
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
          expires: args.expires === undefined ? undefined : Math.floor(Date.parse(args.expires) / 1000),
        },
      },
    }, { parent });
  }
}
