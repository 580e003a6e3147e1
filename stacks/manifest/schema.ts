import { z } from "zod";
import { DEFAULT_AUDIENCE } from "../../model/federated-rules";
import { GROUP_MEMBERSHIP_CLAIMS } from "../../model/sign-in";

/**
 * The shape of the three stack config keys (`entra-workloads:keyVault`, `:defaults`, `:workloads`).
 * Meaning (catalog names, scopes, overlaps) is checked after the shape, in ./checks.
 */

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
  message: "must be an object id (a GUID such as 00000000-0000-0000-0000-000000000000)",
});
const tags = z.record(z.string(), z.string());
const days = (max: number) => z.number().int().min(1).max(max);

/** The longest life Entra allows an application password (2 years). */
export const MAX_SECRET_LIFETIME_DAYS = 730;

export const secretCredential = z.strictObject({
  type: z.literal("secret"),
  /** Longest life of any one secret, in days. @default 90 */
  lifetimeDays: days(MAX_SECRET_LIFETIME_DAYS).default(90),
  /** A new secret appears this often; the previous one stays valid meanwhile. @default 30 */
  rotateAfterDays: days(MAX_SECRET_LIFETIME_DAYS).default(30),
});

export const certificateCredential = z.strictObject({
  type: z.literal("certificate"),
  /** Validity of each certificate, in days. @default 180 */
  lifetimeDays: days(3650).default(180),
  /** A new certificate appears this often; the previous one stays valid meanwhile. @default 60 */
  rotateAfterDays: days(3650).default(60),
});

/** Federated credentials; the rules (name, issuer, subject, audiences) are checked in ./checks/federated.ts. */
export const federatedCredential = z.strictObject({
  type: z.literal("federated"),
  /** The credential's name in Entra / ARM, immutable. @default a slug of the subject plus a hash of issuer and subject */
  name: z.string().min(1).optional(),
  /** The name the credential had before a rename, so the rename replaces it instead of colliding with it. */
  renamedFrom: z.string().min(1).optional(),
  issuer: z.string().min(1),
  subject: z.string().min(1),
  /** `custom`: the subject is a customized claim (e.g. GitHub's job_workflow_ref template), not checked against the issuer's default forms. @default "default" */
  subjectFormat: z.enum(["default", "custom"]).default("default"),
  /** Exactly one. @default ["api://AzureADTokenExchange"] */
  audiences: z.array(z.string().min(1)).default([DEFAULT_AUDIENCE]),
});

export const credential = z.discriminatedUnion("type", [secretCredential, certificateCredential, federatedCredential]);

export const apiPermission = z.strictObject({
  /** Catalog name ("Microsoft Graph", "Azure DevOps", …) or the API's application id. */
  api: z.string().min(1),
  application: z.array(z.string().min(1)).default([]),
  delegated: z.array(z.string().min(1)).default([]),
  /** Grant admin consent as code. @default true */
  adminConsent: z.boolean().default(true),
});

export const roleAssignment = z.strictObject({
  /** Built-in role name or role definition GUID. */
  role: z.string().min(1),
  /** Full ARM id: management group, subscription, resource group or resource. */
  scope: z.string().min(1),
});

/** An API the workload exposes (Graph `identifierUris`, `appRoles`, `api.oauth2PermissionScopes`); rules in ./checks/expose.ts. */
export const expose = z.strictObject({
  /** @default api://<client id> */
  identifierUri: z.string().min(1).optional(),
  appRoles: z.array(z.strictObject({
    value: z.string().min(1),
    displayName: z.string().min(1),
    description: z.string().min(1).optional(),
    /** @default ["Application"] */
    allowedMemberTypes: z.array(z.enum(["Application", "User"])).min(1).default(["Application"]),
  })).default([]),
  scopes: z.array(z.strictObject({
    value: z.string().min(1),
    adminConsentDisplayName: z.string().min(1),
    adminConsentDescription: z.string().min(1),
    userConsentDisplayName: z.string().min(1).optional(),
    userConsentDescription: z.string().min(1).optional(),
    /** Who may consent. @default "Admin" */
    type: z.enum(["Admin", "User"]).default("Admin"),
  })).default([]),
});

/** A workload of the stack by name, or an outside principal by object id. */
export const secretReader = z.union([
  z.string().min(1),
  z.strictObject({ objectId: guid, type: z.enum(["ServicePrincipal", "User", "Group"]) }),
]);

export const workload = z.strictObject({
  type: z.enum(["application", "managedIdentity"]).default("application"),
  description: z.string().max(1024).optional(),
  owners: z.array(guid).optional(),
  tags: tags.optional(),
  /** Managed identities only: the resource group the identity lives in. */
  resourceGroupName: z.string().min(1).optional(),
  /** Managed identities only. @default defaults.location, then azure-native:location */
  location: z.string().min(1).optional(),
  credentials: z.array(credential).default([]),
  apiPermissions: z.array(apiPermission).default([]),
  roles: z.array(roleAssignment).default([]),
  web: z.strictObject({
    redirectUris: z.array(z.string().min(1)).min(1),
    /** Front-channel logout URL. @default none */
    logoutUrl: z.string().min(1).optional(),
    /** Only users and groups in `assignments` may sign in. @default false */
    appRoleAssignmentRequired: z.boolean().default(false),
    /** Users and groups given access: to an app role by value, or the default access. @default none */
    assignments: z.array(z.strictObject({ objectId: guid, type: z.enum(["User", "Group"]), role: z.string().min(1).optional() })).default([]),
  }).optional(),
  /** Single-page application platform (auth code with PKCE from the browser). */
  spa: z.strictObject({ redirectUris: z.array(z.string().min(1)).min(1) }).optional(),
  /** Mobile and desktop platform. */
  publicClient: z.strictObject({ redirectUris: z.array(z.string().min(1)).min(1) }).optional(),
  /** The application's record in a service or asset management database (some tenants require it on every app). */
  serviceManagementReference: z.string().min(1).optional(),
  /** Applications: flexible federated credentials (a claims-matching expression instead of one subject). @default none */
  flexibleFederatedCredentials: z.array(z.strictObject({
    name: z.string().min(1),
    issuer: z.string().min(1),
    claimsMatchingExpression: z.string().min(1),
    /** @default "api://AzureADTokenExchange" */
    audience: z.string().min(1).default(DEFAULT_AUDIENCE),
  })).default([]),
  /** Groups claim in tokens. @default none */
  groupMembershipClaims: z.array(z.enum(GROUP_MEMBERSHIP_CLAIMS)).min(1).optional(),
  /** Applications only: an API other workloads call (app roles, delegated scopes). */
  expose: expose.optional(),
  /** Who may read this workload's Key Vault secrets (Key Vault Secrets User on each secret). @default none */
  secretReaders: z.array(secretReader).default([]),
  /** Applications: the display name in Entra. @default `<workload name>-<stack>` */
  displayName: z.string().min(1).optional(),
  /** An existing identity to take over on the first `pulumi up` instead of creating one (`npm run adopt` writes it). */
  adopt: z.strictObject({
    /** Applications: the application's object id (Graph `application.id`). Managed identities: the identity's ARM id. */
    id: z.string().min(1),
    /** Applications: the client id the application keeps (Graph `application.appId`). */
    appId: guid.optional(),
    /** Applications: its service principal's object id (Graph `servicePrincipal.id`). */
    servicePrincipalId: guid.optional(),
    /** Managed identities: the client id and principal id the identity keeps (ARM `properties.clientId`, `properties.principalId`). */
    clientId: guid.optional(),
    principalId: guid.optional(),
  }).optional(),
});

export const keyVault = z.strictObject({
  name: z.string().min(1),
  resourceGroupName: z.string().min(1),
  /** Create the vault (hardened) rather than reference an existing one. @default false */
  create: z.boolean().default(false),
  /** @default azure-native:location */
  location: z.string().min(1).optional(),
});

export const defaults = z.strictObject({
  owners: z.array(guid).default([]),
  tags: tags.default({}),
  location: z.string().min(1).optional(),
});

export type SecretCredentialSpec = z.output<typeof secretCredential>;
export type CertificateCredentialSpec = z.output<typeof certificateCredential>;
export type FederatedCredentialSpec = z.output<typeof federatedCredential>;
export type CredentialSpec = z.output<typeof credential>;
export type ApiPermissionSpec = z.output<typeof apiPermission>;
export type RoleAssignmentSpec = z.output<typeof roleAssignment>;
export type WorkloadSpec = z.output<typeof workload>;
export type ExposeSpec = z.output<typeof expose>;
export type SecretReaderSpec = z.output<typeof secretReader>;
export type KeyVaultSpec = z.output<typeof keyVault>;
export type DefaultsSpec = z.output<typeof defaults>;
