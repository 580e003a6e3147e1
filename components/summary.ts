/**
 * What the program exports per workload (`pulumi stack output --json` → `{ workloads: { <name>: WorkloadSummary } }`).
 * Never a secret value: ids, dates and names only.
 */
export type WorkloadKind = "application" | "managedIdentity";
export type CredentialType = "secret" | "certificate" | "federated";

export interface CredentialSummary {
  type: CredentialType;
  /** Logical name of the resource that holds it, e.g. `law-reader-secret-blue`. */
  name: string;
  /** ISO-8601 end of validity (secrets and certificates). */
  endDate?: string;
  /** Rotating pairs: whether this member is the newest (the one Key Vault holds). */
  newest?: boolean;
  /** Rotating pairs: the slot (`blue` / `green`) and the rotation epoch it was issued for. */
  slot?: "blue" | "green";
  epoch?: number;
  issuer?: string;
  subject?: string;
  /** Key Vault secret that carries this credential, when one does. */
  keyVaultSecret?: string;
}

export interface WorkloadSummary {
  kind: WorkloadKind;
  /** Client (application) id: what the workload authenticates as. */
  clientId: string;
  /** Application object id (applications only). */
  applicationObjectId?: string;
  /** Service principal object id (the principal id for managed identities): what RBAC and consent are granted to. */
  servicePrincipalObjectId: string;
  tenantId: string;
  credentials: CredentialSummary[];
  keyVaultSecrets: string[];
  /** Present when some permission waits for an administrator's consent. */
  adminConsentUrl?: string;
}
