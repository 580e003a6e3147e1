import { z } from "zod";

/**
 * What the program exports per workload (`pulumi stack output --json` → `{ workloads: { <name>: WorkloadSummary } }`).
 * Never a secret value: ids, dates and names only.
 *
 * Written once, as zod schemas: the types below are inferred from them, `plan.json`'s workloads are these summaries
 * without the deployed ids (preview/plan/plan-file.ts), and every reader of a plan or of the stack outputs validates
 * with them (preview/stack-outputs.ts).
 */

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO-8601 date");

export const workloadKindSchema = z.enum(["application", "managedIdentity"]);
export type WorkloadKind = z.output<typeof workloadKindSchema>;

export const credentialTypeSchema = z.enum(["secret", "certificate", "federated"]);
export type CredentialType = z.output<typeof credentialTypeSchema>;

export const credentialSummarySchema = z.object({
  type: credentialTypeSchema,
  /** Logical name of the resource that holds it, e.g. `law-reader-secret-blue`. */
  name: z.string(),
  /** ISO-8601 end of validity (secrets and certificates). */
  endDate: isoDate.optional(),
  /** Rotating pairs: whether this member is the newest (the one Key Vault holds). */
  newest: z.boolean().optional(),
  /** Rotating pairs: the slot (`blue` / `green`). */
  slot: z.enum(["blue", "green"]).optional(),
  /** Rotating pairs: the rotation epoch the member was issued for. */
  epoch: z.number().optional(),
  /** Rotating pairs: start of the member's epoch (ISO-8601). With the rest, what the next deployment reads back. */
  issuedAt: isoDate.optional(),
  /**
   * Rotating pairs, once the member has been the one Key Vault holds: from `rotatesOn` Key Vault may hold a newer
   * member (refresh after it); no deployment deletes this one before `retiresOn` unless it has expired.
   */
  rotatesOn: isoDate.optional(),
  retiresOn: isoDate.optional(),
  /** Federated credentials: the issuer and subject trusted. */
  issuer: z.string().optional(),
  subject: z.string().optional(),
  /** Key Vault secret that carries this credential, when one does. */
  keyVaultSecret: z.string().optional(),
});
export type CredentialSummary = z.output<typeof credentialSummarySchema>;

/** One API permission a workload holds or asks for. */
export const apiPermissionGrantSchema = z.object({
  /** API display name from the catalog, or its app id when the catalog does not know it. */
  api: z.string(),
  apiAppId: z.string(),
  kind: z.enum(["application", "delegated"]),
  name: z.string(),
  /** App role id / scope id from the catalog; null for an API the catalog does not know (resolved at deploy). */
  id: z.string().nullable(),
  /** Microsoft's privilege level (1–5); null where none is published. */
  privilegeLevel: z.number().nullable(),
  /** A tier-0 Microsoft Graph permission: a known path to Global Administrator (model/catalog/tier0.ts). */
  tier0: z.boolean().optional(),
  /** Consent granted as code; false means an administrator must consent through `adminConsentUrl`. */
  adminConsent: z.boolean(),
  /** The workload of this stack exposing the API (its app role / scope id is `id`). */
  stackApi: z.string().optional(),
  /** True for an API given by application id that neither the catalog nor the stack knows: its id is read from the live service principal at deploy time. */
  resolvedAtDeploy: z.boolean().optional(),
});
export type ApiPermissionGrant = z.output<typeof apiPermissionGrantSchema>;

/** One Azure role assignment a workload holds. */
export const roleAssignmentGrantSchema = z.object({
  role: z.string(),
  /** Role definition GUID. */
  roleDefinitionId: z.string(),
  scope: z.string(),
  /** Privileged built-in role (or unknown custom role, counted as privileged until reviewed). */
  privileged: z.boolean(),
});
export type RoleAssignmentGrant = z.output<typeof roleAssignmentGrantSchema>;

/** An API the workload calls and how it asks for a token (client credentials: `scope`, v1: `resource`). */
export const tokenAudienceSchema = z.object({
  api: z.string(),
  tokenResource: z.string(),
  defaultScope: z.string(),
});
export type TokenAudience = z.output<typeof tokenAudienceSchema>;

/** Who may read a workload's Key Vault secrets (Key Vault Secrets User at secret scope). */
export const secretReaderSummarySchema = z.object({
  /** A workload of the stack by name, or an outside principal's object id. */
  reader: z.string(),
  principalType: z.enum(["ServicePrincipal", "User", "Group"]),
  /** True when the reader is a workload of this stack. */
  workload: z.boolean(),
  /** The Key Vault secrets it may read. */
  secrets: z.array(z.string()),
});
export type SecretReaderSummary = z.output<typeof secretReaderSummarySchema>;

/** The API a workload exposes: its app roles and delegated scopes with their stable ids. */
export const exposedApiSummarySchema = z.object({
  /** `api://<client id>` unless the manifest names one. */
  identifierUri: z.string(),
  appRoles: z.array(z.object({ value: z.string(), id: z.string(), allowedMemberTypes: z.array(z.string()) })),
  scopes: z.array(z.object({ value: z.string(), id: z.string() })),
});
export type ExposedApiSummary = z.output<typeof exposedApiSummarySchema>;

export const workloadSummarySchema = z.object({
  name: z.string().min(1),
  kind: workloadKindSchema,
  description: z.string().optional(),
  /** Client (application) id: what the workload authenticates as. */
  clientId: z.string().min(1),
  /** Application object id (applications only). */
  applicationObjectId: z.string().min(1).optional(),
  /** Service principal object id (the principal id for managed identities): what RBAC and consent are granted to. */
  servicePrincipalObjectId: z.string().min(1),
  tenantId: z.string().min(1),
  credentials: z.array(credentialSummarySchema),
  apiPermissions: z.array(apiPermissionGrantSchema),
  roleAssignments: z.array(roleAssignmentGrantSchema),
  /** Token audiences of the catalog APIs the workload lists. */
  tokenAudiences: z.array(tokenAudienceSchema),
  keyVaultSecrets: z.array(z.string()),
  /** Present when some permission waits for an administrator's consent. */
  adminConsentUrl: z.string().optional(),
  /** Who may read the workload's Key Vault secrets. */
  secretReaders: z.array(secretReaderSummarySchema).optional(),
  /** The API the workload exposes to others. */
  exposes: exposedApiSummarySchema.optional(),
  /** Applications with sign-in settings: whether only assigned users and groups may sign in, and who is assigned. */
  signIn: z.object({
    appRoleAssignmentRequired: z.boolean(),
    assignments: z.array(z.object({ objectId: z.string(), principalType: z.enum(["User", "Group"]), role: z.string().optional() })),
  }).optional(),
});
export type WorkloadSummary = z.output<typeof workloadSummarySchema>;
