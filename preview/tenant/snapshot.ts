import { z } from "zod";
import { readBoundedJson } from "../../model/input-file";
import { InputError } from "../files";
import { formatPath } from "../../model/paths";

/**
 * The tenant snapshot: one JSON file whose keys are Microsoft Graph v1.0 and ARM collections, each holding objects
 * exactly as those APIs return them (the `value` arrays of the list calls). Nothing here is a shape of our own except
 * the file's top-level keys, which name the collections; `npm run snapshot` writes it (see ./requests.ts).
 *
 * Only the properties the toolkit reads are checked; every other property is kept as Graph or ARM returned it.
 */

// Graph v1.0 passwordCredential: https://learn.microsoft.com/en-us/graph/api/resources/passwordcredential
const passwordCredential = z.looseObject({
  keyId: z.string(),
  displayName: z.string().nullable().optional(),
  startDateTime: z.string().nullable().optional(),
  endDateTime: z.string().nullable().optional(),
  hint: z.string().nullable().optional(),
});

// Graph v1.0 keyCredential: https://learn.microsoft.com/en-us/graph/api/resources/keycredential
const keyCredential = z.looseObject({
  keyId: z.string(),
  displayName: z.string().nullable().optional(),
  startDateTime: z.string().nullable().optional(),
  endDateTime: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  usage: z.string().nullable().optional(),
});

// Graph v1.0 requiredResourceAccess / resourceAccess: type is "Role" (app role) or "Scope" (delegated scope).
// https://learn.microsoft.com/en-us/graph/api/resources/resourceaccess
const requiredResourceAccess = z.looseObject({
  resourceAppId: z.string(),
  resourceAccess: z.array(z.looseObject({ id: z.string(), type: z.enum(["Role", "Scope"]) })),
});

// Graph v1.0 directoryObject as `$expand=owners` returns it: at least the id (and @odata.type).
const owner = z.looseObject({ id: z.string(), "@odata.type": z.string().optional() });

// Graph v1.0 application: https://learn.microsoft.com/en-us/graph/api/resources/application
const application = z.looseObject({
  id: z.string(),
  appId: z.string(),
  displayName: z.string(),
  description: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  signInAudience: z.string().nullable().optional(),
  identifierUris: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  owners: z.array(owner),
  passwordCredentials: z.array(passwordCredential),
  keyCredentials: z.array(keyCredential),
  requiredResourceAccess: z.array(requiredResourceAccess),
  web: z.looseObject({ redirectUris: z.array(z.string()).optional() }).nullable(),
  api: z.looseObject({ oauth2PermissionScopes: z.array(z.looseObject({})).optional() }).nullable(),
  appRoles: z.array(z.looseObject({})).optional(),
});

// Graph v1.0 servicePrincipal: https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal
const servicePrincipal = z.looseObject({
  id: z.string(),
  appId: z.string(),
  displayName: z.string().nullable().optional(),
  servicePrincipalType: z.string().nullable().optional(),
  appRoles: z.array(z.looseObject({ id: z.string(), value: z.string().nullable().optional() })).optional(),
  oauth2PermissionScopes: z.array(z.looseObject({ id: z.string(), value: z.string().nullable().optional() })).optional(),
});

// Graph v1.0 appRoleAssignment: https://learn.microsoft.com/en-us/graph/api/resources/approleassignment
const appRoleAssignment = z.looseObject({
  id: z.string(),
  appRoleId: z.string(),
  principalId: z.string(),
  principalType: z.string().nullable().optional(),
  resourceId: z.string(),
  resourceDisplayName: z.string().nullable().optional(),
  createdDateTime: z.string().nullable().optional(),
});

// Graph v1.0 oAuth2PermissionGrant: https://learn.microsoft.com/en-us/graph/api/resources/oauth2permissiongrant
// clientId is the client's service principal object id; scope is a space-separated list of claim values.
const oauth2PermissionGrant = z.looseObject({
  id: z.string(),
  clientId: z.string(),
  consentType: z.string(),
  principalId: z.string().nullable().optional(),
  resourceId: z.string(),
  scope: z.string().nullable(),
});

// Graph v1.0 federatedIdentityCredential: https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential
const federatedIdentityCredential = z.looseObject({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  subject: z.string().nullable(),
  audiences: z.array(z.string()),
});

// ARM Microsoft.Authorization/roleAssignments (2022-04-01): id, name, type, properties.{roleDefinitionId, principalId, principalType, scope}
// azure-rest-api-specs: specification/authorization/.../stable/2022-04-01/examples/RoleAssignments_ListForScope.json
const roleAssignment = z.looseObject({
  id: z.string(),
  name: z.string(),
  properties: z.looseObject({
    roleDefinitionId: z.string(),
    principalId: z.string(),
    principalType: z.string().optional(),
    scope: z.string(),
    createdOn: z.string().optional(),
  }),
});

// ARM Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials (2023-01-31)
// azure-rest-api-specs: specification/msi/.../stable/2023-01-31/examples/FederatedIdentityCredentialList.json
const identityFederatedCredential = z.looseObject({
  id: z.string(),
  name: z.string(),
  properties: z.looseObject({ issuer: z.string(), subject: z.string(), audiences: z.array(z.string()) }),
});

// ARM Microsoft.ManagedIdentity/userAssignedIdentities (2023-01-31), with its federated credentials listed under
// `federatedIdentityCredentials` (the one key we add: the list call's `value` for that identity).
// azure-rest-api-specs: specification/msi/.../stable/2023-01-31/examples/IdentityListBySubscription.json
const userAssignedIdentity = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  properties: z.looseObject({ clientId: z.string(), principalId: z.string(), tenantId: z.string() }),
  federatedIdentityCredentials: z.array(identityFederatedCredential),
});

export const SNAPSHOT_KEYS = [
  "applications",
  "servicePrincipals",
  "appRoleAssignments",
  "oauth2PermissionGrants",
  "federatedIdentityCredentials",
  "roleAssignments",
  "userAssignedIdentities",
] as const;

const snapshotSchema = z.looseObject({
  /** When the snapshot was taken (ISO-8601); `npm run snapshot` records it. */
  capturedAt: z.string().optional(),
  applications: z.array(application),
  servicePrincipals: z.array(servicePrincipal),
  appRoleAssignments: z.array(appRoleAssignment),
  oauth2PermissionGrants: z.array(oauth2PermissionGrant),
  /** Per application object id: what `GET /applications/{id}/federatedIdentityCredentials` returned. */
  federatedIdentityCredentials: z.record(z.string(), z.array(federatedIdentityCredential)),
  roleAssignments: z.array(roleAssignment),
  userAssignedIdentities: z.array(userAssignedIdentity),
});

export type TenantSnapshot = z.output<typeof snapshotSchema>;
export type GraphApplication = z.output<typeof application>;
export type GraphServicePrincipal = z.output<typeof servicePrincipal>;
export type GraphPasswordCredential = z.output<typeof passwordCredential>;
export type GraphKeyCredential = z.output<typeof keyCredential>;
export type GraphAppRoleAssignment = z.output<typeof appRoleAssignment>;
export type GraphOAuth2PermissionGrant = z.output<typeof oauth2PermissionGrant>;
export type GraphFederatedIdentityCredential = z.output<typeof federatedIdentityCredential>;
export type ArmRoleAssignment = z.output<typeof roleAssignment>;
export type ArmUserAssignedIdentity = z.output<typeof userAssignedIdentity>;

/** Where each key comes from, for error messages: the call that fills it. */
const KEY_SOURCES: Record<(typeof SNAPSHOT_KEYS)[number], string> = {
  applications: "GET https://graph.microsoft.com/v1.0/applications?$expand=owners",
  servicePrincipals: "GET https://graph.microsoft.com/v1.0/servicePrincipals",
  appRoleAssignments: "GET https://graph.microsoft.com/v1.0/servicePrincipals/{id}/appRoleAssignments for each service principal",
  oauth2PermissionGrants: "GET https://graph.microsoft.com/v1.0/oauth2PermissionGrants",
  federatedIdentityCredentials: "a map of application object id → GET https://graph.microsoft.com/v1.0/applications/{id}/federatedIdentityCredentials",
  roleAssignments: "GET https://management.azure.com/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
  userAssignedIdentities: "GET https://management.azure.com/subscriptions/{id}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31, each with its federatedIdentityCredentials",
};

/** Validates parsed JSON as a tenant snapshot; the error names the first bad key and the call that fills it. */
export function parseSnapshot(data: unknown, source: string): TenantSnapshot {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(`${source}: not a tenant snapshot (expected a JSON object with keys ${SNAPSHOT_KEYS.join(", ")}); write one with \`npm run snapshot\``);
  }
  for (const key of SNAPSHOT_KEYS) {
    if (!(key in data)) {
      throw new InputError(`${source}: ${key} is missing; it holds ${KEY_SOURCES[key]} (an empty tenant has [] or {}); write the file with \`npm run snapshot\``);
    }
  }
  const result = snapshotSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = (issue ? formatPath(issue.path) : "") || "(top level)";
    const key = issue?.path[0] as (typeof SNAPSHOT_KEYS)[number] | undefined;
    const hint = key && key in KEY_SOURCES ? `; it must hold what ${KEY_SOURCES[key]} returns` : "";
    throw new InputError(`${source}: ${path}: ${issue?.message ?? "invalid"}${hint}`);
  }
  return result.data;
}

/** Loads and validates a tenant snapshot file. */
export function loadSnapshot(path: string): TenantSnapshot {
  // Bounded like every input (model/input-file.ts): a device, FIFO, huge or deeply nested file is refused unread.
  const read = readBoundedJson(path);
  if (read.problem !== undefined) throw new InputError(read.problem);
  return parseSnapshot(read.value, path);
}

/** An application's service principal (by appId). */
export function servicePrincipalOf(snapshot: TenantSnapshot, appId: string): GraphServicePrincipal | undefined {
  const wanted = appId.toLowerCase();
  return snapshot.servicePrincipals.find((sp) => sp.appId.toLowerCase() === wanted);
}

/** Case-insensitive id equality: Graph and ARM ids are GUIDs or ARM paths, compared without case. */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}
