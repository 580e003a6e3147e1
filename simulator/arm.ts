import { isGuid } from "../model/catalog";
import { canonicalScope } from "../model/role-assignment-names";
import type { ResourceHandler, SimContext } from "./context";
import { reject } from "./errors";
import { checkFederatedCredential } from "./federated-credentials";
import { guidFor } from "./ids";
import { str, strings, type Inputs } from "./inputs";

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** A role definition resource id: tenant-level, subscription-scoped or management-group-scoped. */
const ROLE_DEFINITION_ID = new RegExp(
  `^(?:/subscriptions/[^/]+|/providers/Microsoft\\.Management/managementGroups/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/(${GUID})$`,
  "i",
);

/** The ARM id of a resource group's resource, e.g. a vault or a managed identity. */
export function armId(ctx: SimContext, resourceGroupName: string, provider: string, name: string): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${resourceGroupName}/providers/${provider}/${name}`;
}

/**
 * `roleDefinitionId` is the role definition's full resource id, not its GUID or name: the REST request body in
 * https://learn.microsoft.com/azure/role-based-access-control/role-assignments-rest
 * (`/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}`).
 * ARM's wording `InvalidRoleDefinitionId` is as commonly reported; not confirmed against a tenant.
 */
function roleDefinitionGuid(inputs: Inputs, ctx: SimContext): string {
  const roleDefinitionId = str(inputs, "roleDefinitionId") ?? "";
  const match = ROLE_DEFINITION_ID.exec(roleDefinitionId);
  if (!match) {
    reject(
      "InvalidRoleDefinitionId",
      `The role definition ID '${roleDefinitionId}' is not valid.`,
      ctx.resource,
      isGuid(roleDefinitionId)
        ? `give the full resource id: /subscriptions/${ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionId} (catalog.roleDefinitionResourceId).`
        : "give /subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{role GUID}, resolving the role name through the role catalog.",
    );
  }
  return match[1].toLowerCase();
}

/**
 * ARM looks the principal up in Entra unless `principalType` is `ServicePrincipal`; a principal created
 * moments ago has not replicated yet, so the lookup fails. The azure-native SDK sends `principalType:
 * "User"` when none is given (the 2022-04-01 API default), which does not skip the lookup.
 * Source: https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal
 * (what ARM's own message links as https://aka.ms/docs-principaltype).
 */
function checkPrincipal(principalId: string, principalType: string | undefined, ctx: SimContext): void {
  if (principalType?.toLowerCase() === "serviceprincipal") return;
  const created = ctx.directory.createdPrincipal(principalId);
  const application = ctx.directory.applicationByObjectId(principalId);
  if (!created && !application) return;
  const given = principalType === undefined ? "no principalType" : `principalType "${principalType}"`;
  const fix = application
    ? `${principalId} is the object id of application "${application.createdBy}", which is not a principal; assign the role to its service principal's objectId (ServicePrincipalObjectId) with principalType: "ServicePrincipal".`
    : `the ${created?.kind === "managedIdentity" ? "managed identity" : "service principal"} "${created?.createdBy}" is created in this deployment and Entra has not replicated it when ARM looks it up (${given}; azure-native sends "User" when none is given); set principalType: "ServicePrincipal" so ARM skips the lookup.`;
  reject(
    "PrincipalNotFound",
    `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${ctx.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    ctx.resource,
    fix,
  );
}

/**
 * Azure supports up to 4,000 role assignments per subscription, counting assignments at the subscription, resource
 * group and resource scopes but not at management group scope; the limit is fixed. ARM answers
 * `No more role assignments can be created (code: RoleAssignmentLimitExceeded)`.
 * Source: https://learn.microsoft.com/azure/role-based-access-control/troubleshoot-limits ("Symptom - No more role
 * assignments can be created").
 */
export const ROLE_ASSIGNMENTS_PER_SUBSCRIPTION = 4000;

/** The subscription an ARM scope lies in (lower case), or undefined for a management group or the tenant. */
function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase();
}

function checkRoleAssignmentLimit(scope: string, ctx: SimContext): void {
  const subscription = subscriptionOf(scope);
  if (subscription === undefined) return;
  const given = ctx.tenant.existingRoleAssignments;
  const existing = typeof given === "number"
    ? given
    : Object.entries(given ?? {}).find(([id]) => id.toLowerCase() === subscription)?.[1] ?? 0;
  const created = ctx.directory.roleAssignmentsPerSubscription.get(subscription) ?? 0;
  if (existing + created < ROLE_ASSIGNMENTS_PER_SUBSCRIPTION) return;
  reject(
    "RoleAssignmentLimitExceeded",
    "No more role assignments can be created.",
    ctx.resource,
    `subscription ${subscription} already holds ${existing + created} role assignments (${existing} before this deployment) and Azure allows ${ROLE_ASSIGNMENTS_PER_SUBSCRIPTION}, a fixed limit; remove unused assignments (az role assignment list --subscription ${subscription}), assign roles to groups, or grant at a broader scope.`,
  );
}

/** `azure-native:authorization:RoleAssignment`: Azure RBAC, with ARM's name, role, principal and uniqueness checks. */
export const roleAssignment: ResourceHandler = (raw, inputs, ctx) => {
  const scope = str(inputs, "scope") ?? "";
  const principalId = str(inputs, "principalId") ?? "";
  const principalType = str(inputs, "principalType");
  const given = str(inputs, "roleAssignmentName");
  // The name "can be any valid GUID" (RoleAssignments_Create, api 2022-04-01: Azure.ResourceManager.Authorization's
  // RoleAssignmentCollection docs, https://learn.microsoft.com/dotnet/api/azure.resourcemanager.authorization.roleassignmentcollection).
  if (given !== undefined && !isGuid(given)) {
    reject(
      "InvalidRoleAssignmentId",
      `The role assignment ID '${given}' is not valid. The role assignment ID must be a GUID.`,
      ctx.resource,
      "derive roleAssignmentName as a UUIDv5 of the workload, role and scope (model/role-assignment-names.ts roleAssignmentName), so re-runs, imports and renames stay idempotent.",
    );
  }
  const name = (given ?? guidFor(ctx.urn, "roleAssignmentName")).toLowerCase();
  const roleGuid = roleDefinitionGuid(inputs, ctx);
  checkPrincipal(principalId, principalType, ctx);

  const id = `${scope.replace(/\/+$/, "")}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const key = `${principalId}|${roleGuid}|${canonicalScope(scope)}`.toLowerCase();
  const sameId = ctx.directory.roleAssignmentsById.get(id.toLowerCase());
  // An assignment's principal, role and scope cannot change under its name, and ARM holds one assignment per
  // (principal, role, scope). Wording as ARM returns it, quoted in public reports (RoleAssignmentUpdateNotPermitted:
  // jetbrains/teamcity-azure-template#10; RoleAssignmentExists: openshift/cloud-credential-operator commit ec23983);
  // https://learn.microsoft.com/azure/role-based-access-control/troubleshooting lists both symptoms.
  if (sameId && sameId.key !== key) {
    reject(
      "RoleAssignmentUpdateNotPermitted",
      "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
      ctx.resource,
      `roleAssignmentName ${name} is already used by "${sameId.createdBy}" for another principal or role at this scope; derive each name from its own (principal, role, scope).`,
    );
  }
  const existing = ctx.directory.roleAssignmentsByKey.get(key);
  if (existing !== undefined && !sameId) {
    const existingId = [...ctx.directory.roleAssignmentsById.entries()].find(([, v]) => v.key === key)?.[0] ?? "";
    reject(
      "RoleAssignmentExists",
      `The role assignment already exists. The ID of the existing role assignment is ${existingId.split("/").pop()?.replace(/-/g, "") ?? ""}.`,
      ctx.resource,
      `"${existing}" already assigns role ${roleGuid} to principal ${principalId} at ${scope}; declare each (principal, role, scope) once.`,
    );
  }
  if (!sameId) {
    checkRoleAssignmentLimit(scope, ctx);
    const subscription = subscriptionOf(scope);
    if (subscription !== undefined) {
      ctx.directory.roleAssignmentsPerSubscription.set(subscription, (ctx.directory.roleAssignmentsPerSubscription.get(subscription) ?? 0) + 1);
    }
  }
  ctx.directory.roleAssignmentsByKey.set(key, ctx.resource.name);
  ctx.directory.roleAssignmentsById.set(id.toLowerCase(), { key, createdBy: ctx.resource.name });

  const createdType = ctx.directory.createdPrincipal(principalId) ? "ServicePrincipal" : undefined;
  const timestamp = ctx.now.toISOString();
  return {
    id,
    state: {
      ...raw,
      name,
      principalType: principalType ?? createdType,
      type: "Microsoft.Authorization/roleAssignments",
      azureApiVersion: "2022-04-01",
      createdOn: timestamp,
      updatedOn: timestamp,
      createdBy: ctx.deployerObjectId,
      updatedBy: ctx.deployerObjectId,
    },
  };
};

/** `azure-native:managedidentity:UserAssignedIdentity`: principal id, client id and tenant, ARM id by name. */
export const userAssignedIdentity: ResourceHandler = (raw, inputs, ctx) => {
  const resourceGroupName = str(inputs, "resourceGroupName") ?? "";
  const name = str(inputs, "resourceName") ?? ctx.resource.name;
  const principalId = ctx.existing?.principalId ?? guidFor(ctx.urn, "principalId");
  ctx.directory.addManagedIdentity(principalId, ctx.resource.name);
  return {
    id: armId(ctx, resourceGroupName, "Microsoft.ManagedIdentity/userAssignedIdentities", name),
    state: {
      ...raw,
      name,
      principalId,
      clientId: ctx.existing?.clientId ?? guidFor(ctx.urn, "clientId"),
      tenantId: ctx.existing?.tenantId ?? ctx.tenantId,
      type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      azureApiVersion: "2023-01-31",
    },
  };
};

/** `azure-native:managedidentity:FederatedIdentityCredential`: the rules of ./federated-credentials.ts. */
export const managedIdentityFederatedCredential: ResourceHandler = (raw, inputs, ctx) => {
  const resourceGroupName = str(inputs, "resourceGroupName") ?? "";
  const identity = str(inputs, "resourceName") ?? "";
  const parent = armId(ctx, resourceGroupName, "Microsoft.ManagedIdentity/userAssignedIdentities", identity);
  const name = str(inputs, "federatedIdentityCredentialResourceName") ?? ctx.resource.name;
  checkFederatedCredential(
    { key: `identity:${parent.toLowerCase()}`, label: `managed identity ${identity}`, code: "BadRequest", noun: "Managed Identity" },
    { name, issuer: str(inputs, "issuer") ?? "", subject: str(inputs, "subject") ?? "", audiences: strings(inputs, "audiences") },
    ctx,
  );
  return {
    id: `${parent}/federatedIdentityCredentials/${name}`,
    state: { ...raw, name, type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", azureApiVersion: "2023-01-31" },
  };
};
