import { MAX_GRANT_SCOPE_LENGTH } from "../model/entra-limits";
import type { ResourceHandler } from "./context";
import { reject } from "./errors";
import { bytesFor } from "./ids";
import { str, strings } from "./inputs";

/**
 * The app role id Graph accepts for "assigned to the app, no specific role" on a resource that declares
 * no app roles (Graph reference, appRoleAssignment.appRoleId).
 */
const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** A Graph-style opaque id (base64url, 43 characters) for app role assignments and permission grants. */
function opaqueId(key: string): string {
  return bytesFor(key, 32).toString("base64url").slice(0, 43);
}

/**
 * `azuread:index/appRoleAssignment:AppRoleAssignment`: grants an application permission (app role) of a
 * resource service principal. Graph refuses an `appRoleId` the resource does not publish, and a second
 * identical assignment.
 */
export const appRoleAssignment: ResourceHandler = (raw, inputs, ctx) => {
  const appRoleId = str(inputs, "appRoleId") ?? "";
  const principalObjectId = str(inputs, "principalObjectId") ?? "";
  const resourceObjectId = str(inputs, "resourceObjectId") ?? "";
  const resource = ctx.directory.servicePrincipalByObjectId(resourceObjectId);
  const principal = ctx.directory.servicePrincipalByObjectId(principalObjectId);

  // The app role "must be exposed in the appRoles property on the resource application's service principal"
  // (https://learn.microsoft.com/graph/api/resources/approleassignment, appRoleId); the same assignment twice is
  // refused (https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto). Both wordings are as
  // commonly reported, not confirmed against a tenant.
  // An API only the live tenant knows (permissionsUnknown): its app role ids are resolved at deploy time.
  if (resource && !resource.permissionsUnknown) {
    const published = resource.appRoles.some((r) => r.id.toLowerCase() === appRoleId.toLowerCase())
      || (resource.appRoles.length === 0 && appRoleId === DEFAULT_ACCESS_APP_ROLE_ID);
    if (!published) {
      const scope = resource.oauth2PermissionScopes.find((s) => s.id.toLowerCase() === appRoleId.toLowerCase());
      const fix = scope
        ? `${appRoleId} is the id of the delegated scope "${scope.value}" of ${resource.displayName}, not of an app role; grant it with a ServicePrincipalDelegatedPermissionGrant, or pick an application permission.`
        : resource.appRoles.length === 0
          ? `${resource.displayName} publishes no application permissions (app roles); request delegated scopes instead.`
          : `take appRoleId from getServicePrincipal(clientId ${resource.clientId}).appRoleIds["<permission>"] (e.g. "${resource.appRoles[0].value}").`;
      reject("Request_BadRequest", `Permission being assigned was not found on application '${resource.clientId}'.`, ctx.resource, fix);
    }
  }

  const key = `${principalObjectId}|${resourceObjectId}|${appRoleId}`.toLowerCase();
  const previous = ctx.directory.appRoleAssignments.get(key);
  if (previous !== undefined) {
    reject(
      "Request_BadRequest",
      "Permission being assigned already exists on the object.",
      ctx.resource,
      `"${previous}" already assigns app role ${appRoleId} of ${resource?.displayName ?? resourceObjectId} to principal ${principalObjectId}; declare the permission once.`,
    );
  }
  ctx.directory.appRoleAssignments.set(key, ctx.resource.name);

  return {
    id: `/servicePrincipals/${resourceObjectId}/appRoleAssignedTo/${opaqueId(ctx.urn)}`,
    state: {
      ...raw,
      principalDisplayName: principal?.displayName ?? "",
      principalType: "ServicePrincipal",
      resourceDisplayName: resource?.displayName ?? "",
    },
  };
};


/**
 * `azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant`:
 * admin consent for delegated scopes. Refuses a claim value the resource service principal does not publish, a scope
 * string over Graph's limit, and a second tenant-wide grant for the same client and resource.
 */
export const delegatedPermissionGrant: ResourceHandler = (raw, inputs, ctx) => {
  const clientObjectId = str(inputs, "servicePrincipalObjectId") ?? "";
  const resourceObjectId = str(inputs, "resourceServicePrincipalObjectId") ?? "";
  const resource = ctx.directory.servicePrincipalByObjectId(resourceObjectId);
  const claims = strings(inputs, "claimValues");
  if (resource && !resource.permissionsUnknown) {
    const published = new Set(resource.oauth2PermissionScopes.map((s) => s.value));
    claims.forEach((claim, index) => {
      if (published.has(claim)) return;
      const isAppRole = resource.appRoles.some((r) => r.value === claim);
      const fix = isAppRole
        ? `claimValues[${index}] "${claim}" is an application permission (app role) of ${resource.displayName}, not a delegated scope; assign it with an AppRoleAssignment or request the delegated scope instead.`
        : published.size === 0
          ? `${resource.displayName} publishes no delegated scopes; it cannot be consented to on behalf of users.`
          : `claimValues[${index}] "${claim}" is not a delegated scope of ${resource.displayName}; use one of getServicePrincipal(clientId ${resource.clientId}).oauth2PermissionScopeIds (e.g. "${[...published][0]}").`;
      reject("Request_BadRequest", "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.", ctx.resource, fix);
    });
  }
  const scope = claims.join(" ");
  if (scope.length > MAX_GRANT_SCOPE_LENGTH) {
    reject("Request_BadRequest", "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.", ctx.resource,
      `the claim values join into a ${scope.length}-character scope; Graph accepts at most ${MAX_GRANT_SCOPE_LENGTH}: grant fewer scopes.`);
  }

  // Graph keys a tenant-wide grant by (clientId, consentType AllPrincipals, resourceId): a second one fails with 409
  // Request_MultipleObjectsWithSameKeyValue "Permission entry already exists." (the provider does not look for an
  // existing grant before POST /oauth2PermissionGrants; hashicorp/terraform-provider-azuread#690 shows the error).
  const client = ctx.directory.servicePrincipalByObjectId(clientObjectId);
  const key = `${clientObjectId}|${resourceObjectId}`.toLowerCase();
  const inRun = ctx.directory.delegatedPermissionGrants.get(key);
  const before = client && resource && (ctx.tenant.delegatedPermissionGrants ?? []).some((g) =>
    g.clientDisplayName.toLowerCase() === client.displayName.toLowerCase() && g.resourceAppId.toLowerCase() === resource.clientId.toLowerCase());
  if (inRun !== undefined || before) {
    const resourceName = resource?.displayName ?? resourceObjectId;
    reject(
      "Request_MultipleObjectsWithSameKeyValue",
      "Permission entry already exists.",
      ctx.resource,
      inRun !== undefined
        ? `"${inRun}" already grants ${resourceName} scopes to ${client?.displayName ?? clientObjectId} for all users; declare one grant per client and resource with every scope in claimValues.`
        : `the tenant already holds a tenant-wide grant from ${client?.displayName ?? clientObjectId} to ${resourceName} (an administrator consented, e.g. through the admin-consent URL); import it (pulumi import azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant ${ctx.resource.name} <grant id>) or delete it, then run again.`,
    );
  }
  ctx.directory.delegatedPermissionGrants.set(key, ctx.resource.name);
  return { id: opaqueId(ctx.urn), state: { ...raw } };
};
