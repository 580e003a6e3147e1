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
  /** ISO-8601 expiry: a credential's end date, or {@link identifierExpiry} for an identifier. Every secret has one. */
  expires?: pulumi.Input<string>;
  /** Tags of the secret (ARM `tags`), e.g. a rotating credential's `rotatesOn` / `retiresOn`. @default none */
  tags?: pulumi.Input<Record<string, string>>;
  /** @default "text/plain" */
  contentType?: string;
}

/** Soft-delete retention we create vaults with (the longest Azure allows). */
export const SOFT_DELETE_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;
/** Identifier secrets' expiry moves forward once per period of this many days (fixed periods, so previews agree). */
export const IDENTIFIER_RENEW_DAYS = 90;
/** How far past the start of its period an identifier secret's expiry lies. */
export const IDENTIFIER_EXPIRY_DAYS = 365;
const IDENTIFIER_ORIGIN = Date.UTC(2024, 0, 1);

/**
 * The `expires` of a secret that holds an identifier (client id, tenant id), not a credential. Such a value never
 * stops working, but every secret gets an expiry: Defender for Cloud's recommendation "Key Vault secrets should have
 * an expiration date" (https://learn.microsoft.com/azure/defender-for-cloud/recommendations-reference-keyvault, Azure
 * Policy of the same name) and the CIS Microsoft Azure Foundations Benchmark's Key Vault control "Ensure that the
 * Expiration Date is set for all Secrets in RBAC Key Vaults" flag any secret without one. Key Vault treats `exp` as
 * informational ("This field is for informational purposes only", https://learn.microsoft.com/azure/key-vault/secrets/about-secrets#secret-attributes),
 * so a lapsed identifier can still be read; the daily `pulumi up` moves it forward every 90 days, 275–365 days ahead.
 */
export function identifierExpiry(now: Date): string {
  const period = Math.floor((now.getTime() - IDENTIFIER_ORIGIN) / (IDENTIFIER_RENEW_DAYS * DAY_MS));
  const start = IDENTIFIER_ORIGIN + period * IDENTIFIER_RENEW_DAYS * DAY_MS;
  return new Date(start + IDENTIFIER_EXPIRY_DAYS * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
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
    }, { parent });
  }
}
