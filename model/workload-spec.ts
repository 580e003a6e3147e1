import type { Api, Permission, RoleDefinition } from "./catalog";
import type { ExposedApi, SecretReader } from "./exposed-api";
import type { SignInSpec } from "./sign-in";
import type { FlexibleFederatedCredential } from "./flexible-federated";

/** What a workload asks for, validated and resolved against the catalogs (the manifest's job, see stacks/manifest). */

export interface SecretCredential {
  type: "secret";
  /** Longest life of any one secret, in days. */
  lifetimeDays: number;
  /** A new secret appears this often; the previous one stays valid meanwhile. */
  rotateAfterDays: number;
}

export interface CertificateCredential {
  type: "certificate";
  /** Validity of each certificate, in days. */
  lifetimeDays: number;
  /** A new certificate appears this often; the previous one stays valid meanwhile. */
  rotateAfterDays: number;
}

export interface FederatedCredential {
  type: "federated";
  /** Unique per workload; becomes the credential's name in Entra / ARM. */
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** Names it was deployed under before (a rename, or an earlier version's default): aliased so a rename replaces it. */
  formerNames: string[];
}

export type Credential = SecretCredential | CertificateCredential | FederatedCredential;

/** One permission as requested; `catalog` is absent for an API the catalog does not know (resolved live at deploy). */
export interface RequestedPermission {
  name: string;
  catalog?: Permission;
}

export interface ApiAccessSpec {
  /** Catalog entry, absent for a customer's own API given by app id. */
  api?: Api;
  /** Display name for reports: the catalog name, else the app id. */
  apiName: string;
  /** The API's application id; empty for an API a workload of the stack exposes (its client id is an output). */
  apiAppId: string;
  /** The workload of this stack exposing the API (`apiPermissions[].api` named it). @default none */
  stackApi?: string;
  /** Grant consent as code (app role assignments / delegated grant); false leaves it to an administrator. */
  adminConsent: boolean;
  application: RequestedPermission[];
  delegated: RequestedPermission[];
}

export interface RoleGrantSpec {
  role: RoleDefinition;
  /** Full ARM id the role is granted on. */
  scope: string;
}

export interface WorkloadSpec {
  name: string;
  kind: "application" | "managedIdentity";
  description?: string;
  /** Object ids of the owners (applications). */
  owners: string[];
  tags: Record<string, string>;
  /** Managed identities only. */
  resourceGroupName?: string;
  /** Managed identities only. */
  location?: string;
  credentials: Credential[];
  apiPermissions: ApiAccessSpec[];
  roles: RoleGrantSpec[];
  /** Web redirect URIs for the authorization-code flow (S5). */
  redirectUris: string[];
  /** Display name in Entra (applications). @default `<name>-<stack>` */
  displayName?: string;
  /** The existing identity this workload takes over on its first `pulumi up` (Pulumi's `import` option). @default none: created */
  adopt?: AdoptedIdentity;
  /** Applications: the API it exposes to other workloads. @default none */
  expose?: ExposedApi;
  /** Who may read its Key Vault secrets (Key Vault Secrets User at secret scope). @default none */
  secretReaders?: SecretReader[];
  /** Applications: who may sign in and on which platforms besides web. @default anyone in the tenant, web only */
  signIn?: SignInSpec;
  /** Applications: flexible federated credentials. @default none */
  flexibleFederatedCredentials?: FlexibleFederatedCredential[];
  /** Applications: Graph `serviceManagementReference`. @default none */
  serviceManagementReference?: string;
  /** Applications: Graph `groupMembershipClaims`. @default none */
  groupMembershipClaims?: string[];
}

/**
 * Import ids of an existing identity, in the forms the pinned providers import by: an application
 * `/applications/{objectId}` and its service principal `/servicePrincipals/{objectId}`
 * (terraform-provider-azuread@38d1993a: internal/services/applications/application_resource.go and
 * internal/services/serviceprincipals/service_principal_resource.go, `Importer: ValidateApplicationID` /
 * `ValidateServicePrincipalID`), a user-assigned identity its ARM id.
 */
export interface AdoptedIdentity {
  /** The application's or the managed identity's import id. */
  importId: string;
  /** Applications: the service principal's import id. */
  servicePrincipalImportId?: string;
  /** Managed identities: the Azure resource name the identity keeps (last segment of its ARM id). */
  resourceName?: string;
}

export interface KeyVaultSpec {
  name: string;
  resourceGroupName: string;
  /** Create (hardened) rather than reference an existing vault. */
  create: boolean;
  location?: string;
}
