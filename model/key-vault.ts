/**
 * Key Vault facts the manifest, the components and the simulator share. Naming rules:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault
 * (vaults: 3–24 alphanumerics and hyphens, letter first, letter or digit last, no consecutive hyphens, global scope;
 * secrets: 1–127 alphanumerics and hyphens).
 */

/** A vault name Key Vault accepts, apart from the consecutive-hyphen rule ({@link vaultNameProblem} checks both). */
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** Key Vault object (secret) names: 1–127 letters, digits and hyphens. */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Why `name` is not a valid vault name, or undefined when it is. */
export function vaultNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 24) return `it has ${name.length} characters`;
  if (!/^[a-zA-Z]/.test(name)) return "it does not begin with a letter";
  if (!/[a-zA-Z0-9]$/.test(name)) return "it does not end with a letter or digit";
  if (name.includes("--")) return "it contains consecutive hyphens";
  if (!VAULT_NAME.test(name)) return "it contains characters other than letters, digits and hyphens";
  return undefined;
}

/**
 * Soft-delete retention the toolkit creates vaults with: the longest Key Vault allows ("between 7 and 90 days",
 * https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview). A deleted vault keeps its global name
 * that long, and purge protection forbids purging it sooner.
 */
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
