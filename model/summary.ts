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
  /** Rotating pairs: start of the member's epoch (ISO-8601). With the rest, what the next deployment reads back. */
  issuedAt?: string;
  /**
   * Rotating pairs, once the member has been the one Key Vault holds: from `rotatesOn` Key Vault may hold a newer
   * member (refresh after it); no deployment deletes this one before `retiresOn` unless it has expired.
   */
  rotatesOn?: string;
  retiresOn?: string;
  issuer?: string;
  subject?: string;
  /** Key Vault secret that carries this credential, when one does. */
  keyVaultSecret?: string;
}

/** One API permission a workload holds or asks for. */
export interface ApiPermissionGrant {
  /** API display name from the catalog, or its app id when the catalog does not know it. */
  api: string;
  apiAppId: string;
  kind: "application" | "delegated";
  name: string;
  /** App role id / scope id from the catalog; null for an API the catalog does not know (resolved at deploy). */
  id: string | null;
  privilegeLevel: number | null;
  /** Consent granted as code; false means an administrator must consent through `adminConsentUrl`. */
  adminConsent: boolean;
}

/** One Azure role assignment a workload holds. */
export interface RoleAssignmentGrant {
  role: string;
  /** Role definition GUID. */
  roleDefinitionId: string;
  scope: string;
  /** Privileged built-in role (or unknown custom role, counted as privileged until reviewed). */
  privileged: boolean;
}

/** An API the workload calls and how it asks for a token (client credentials: `scope`, v1: `resource`). */
export interface TokenAudience {
  api: string;
  tokenResource: string;
  defaultScope: string;
}

export interface WorkloadSummary {
  name: string;
  kind: WorkloadKind;
  description?: string;
  /** Client (application) id: what the workload authenticates as. */
  clientId: string;
  /** Application object id (applications only). */
  applicationObjectId?: string;
  /** Service principal object id (the principal id for managed identities): what RBAC and consent are granted to. */
  servicePrincipalObjectId: string;
  tenantId: string;
  credentials: CredentialSummary[];
  apiPermissions: ApiPermissionGrant[];
  roleAssignments: RoleAssignmentGrant[];
  /** Token audiences of the catalog APIs the workload lists. */
  tokenAudiences: TokenAudience[];
  keyVaultSecrets: string[];
  /** Present when some permission waits for an administrator's consent. */
  adminConsentUrl?: string;
}
