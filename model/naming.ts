import { v5 as uuidv5 } from "uuid";

/** Our own UUIDv5 namespace, derived (not typed) from the project's URL-style name. */
const NAMESPACE = uuidv5("urn:entra-workloads", uuidv5.URL);

/**
 * A GUID that ARM requires as a resource name (role assignments), derived from stable logical names so
 * re-runs and imports are idempotent and the name is known at preview.
 */
export function deterministicGuid(...parts: string[]): string {
  return uuidv5(parts.join("/"), NAMESPACE);
}

/** What the Key Vault secrets of a workload carry; the last two are credentials. */
export type SecretPurpose = "client-id" | "tenant-id" | CredentialPurpose;
export const CREDENTIAL_PURPOSES = ["client-secret", "certificate"] as const;
export type CredentialPurpose = (typeof CREDENTIAL_PURPOSES)[number];

/** Key Vault secret names: `<workload>-<purpose>`. */
export function secretName(workload: string, purpose: SecretPurpose): string {
  return `${workload}-${purpose}`;
}

export function isCredentialPurpose(purpose: SecretPurpose): purpose is CredentialPurpose {
  return (CREDENTIAL_PURPOSES as readonly string[]).includes(purpose);
}

/** Whether a Key Vault secret name is one our workloads store a credential under. */
export function isCredentialSecretName(name: string): boolean {
  return CREDENTIAL_PURPOSES.some((purpose) => name.toLowerCase().endsWith(`-${purpose}`));
}

/** The Azure name of a managed identity workload, and the default display name of an application: `<workload>-<stack>`. */
export function stackScopedName(workload: string, stack: string): string {
  return `${workload}-${stack}`;
}
