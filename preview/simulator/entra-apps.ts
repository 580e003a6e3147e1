import type { ResourceHandler, SimContext } from "./context";
import type { AppRole, PermissionScope, ServicePrincipalRecord } from "./directory";
import { reject } from "./errors";
import { guidFor } from "./ids";
import { records, str, strings, type Inputs } from "./inputs";

/**
 * Longest display name the simulator accepts for applications and service principals. The Entra admin
 * center caps app registration names at 120 characters; Graph's reference documents 256 for
 * `application.displayName`. We hold manifests to the stricter portal limit so a name that works in
 * code also works when someone edits it by hand.
 */
export const MAX_DISPLAY_NAME_LENGTH = 120;

function checkDisplayName(displayName: string | undefined, graphType: string, ctx: SimContext): void {
  if (displayName === undefined || displayName.length <= MAX_DISPLAY_NAME_LENGTH) return;
  reject(
    "Request_BadRequest",
    `Invalid value specified for property 'displayName' of resource '${graphType}'.`,
    ctx.resource,
    `shorten displayName to at most ${MAX_DISPLAY_NAME_LENGTH} characters (it has ${displayName.length}).`,
  );
}

/** https, or plain http to localhost (any port and path): Entra's redirect URI rule for web and SPA platforms. */
export function isAllowedRedirectUri(uri: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.protocol === "https:") return true;
  return parsed.protocol === "http:" && parsed.hostname === "localhost";
}

function checkRedirectUris(inputs: Inputs, ctx: SimContext): void {
  for (const platform of ["web", "singlePageApplication"] as const) {
    const uris = strings(inputs, `${platform}.redirectUris`);
    uris.forEach((uri, index) => {
      if (isAllowedRedirectUri(uri)) return;
      reject(
        "Request_BadRequest",
        `Invalid value specified for property '${platform === "web" ? "web" : "spa"}.redirectUris' of resource 'Application'.`,
        ctx.resource,
        `${platform}.redirectUris[${index}] "${uri}" must use https (plain http is allowed only for http://localhost); see "Redirect URI (reply URL) restrictions" in the Microsoft identity platform docs.`,
      );
    });
  }
}

function appRolesOf(inputs: Inputs): AppRole[] {
  return records(inputs, "appRoles").flatMap((r) => {
    const id = str(r, "id");
    const value = str(r, "value");
    if (id === undefined || value === undefined) return [];
    return [{
      allowedMemberTypes: strings(r, "allowedMemberTypes"),
      description: str(r, "description") ?? "",
      displayName: str(r, "displayName") ?? value,
      enabled: r.enabled !== false,
      id,
      value,
    }];
  });
}

function scopesOf(inputs: Inputs): PermissionScope[] {
  return records(inputs, "api.oauth2PermissionScopes").flatMap((s) => {
    const id = str(s, "id");
    const value = str(s, "value");
    if (id === undefined || value === undefined) return [];
    return [{
      adminConsentDescription: str(s, "adminConsentDescription") ?? "",
      adminConsentDisplayName: str(s, "adminConsentDisplayName") ?? value,
      enabled: s.enabled !== false,
      id,
      type: str(s, "type") === "User" ? "User" : "Admin",
      userConsentDescription: str(s, "userConsentDescription") ?? "",
      userConsentDisplayName: str(s, "userConsentDisplayName") ?? value,
      value,
    }];
  });
}

const idsByValue = (items: { value: string; id: string }[]): Record<string, string> =>
  Object.fromEntries(items.map((i) => [i.value, i.id]));

/** `azuread:index/application:Application`: registers an app with a deterministic object id and client id. */
export const application: ResourceHandler = (raw, inputs, ctx) => {
  const displayName = str(inputs, "displayName");
  checkDisplayName(displayName, "Application", ctx);
  checkRedirectUris(inputs, ctx);
  const objectId = guidFor(ctx.urn, "objectId");
  const clientId = guidFor(ctx.urn, "clientId");
  const appRoles = appRolesOf(inputs);
  const oauth2PermissionScopes = scopesOf(inputs);
  ctx.directory.addApplication({
    objectId, clientId, displayName: displayName ?? ctx.resource.name, createdBy: ctx.resource.name, appRoles, oauth2PermissionScopes,
  });
  return {
    id: `/applications/${objectId}`,
    state: {
      ...raw,
      objectId,
      clientId,
      appRoleIds: idsByValue(appRoles),
      oauth2PermissionScopeIds: idsByValue(oauth2PermissionScopes),
      publisherDomain: "contoso.onmicrosoft.com",
      disabledByMicrosoft: "",
    },
  };
};

/** The output state of a service principal, shared by the resource and by getServicePrincipal. */
export function servicePrincipalState(sp: ServicePrincipalRecord): Record<string, unknown> {
  return {
    objectId: sp.objectId,
    clientId: sp.clientId,
    displayName: sp.displayName,
    applicationTenantId: sp.appOwnerTenantId,
    appRoles: sp.appRoles,
    appRoleIds: idsByValue(sp.appRoles),
    oauth2PermissionScopes: sp.oauth2PermissionScopes,
    oauth2PermissionScopeIds: idsByValue(sp.oauth2PermissionScopes),
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    servicePrincipalNames: [],
    signInAudience: "AzureADMyOrg",
    type: "Application",
  };
}

/** `azuread:index/servicePrincipal:ServicePrincipal`: the enterprise app of an application, by client id. */
export const servicePrincipal: ResourceHandler = (raw, inputs, ctx) => {
  const clientId = str(inputs, "clientId") ?? "";
  const app = ctx.directory.applicationByClientId(clientId);
  const displayName = app?.displayName ?? ctx.resource.name;
  checkDisplayName(displayName, "ServicePrincipal", ctx);
  const record: ServicePrincipalRecord = {
    objectId: guidFor(ctx.urn, "objectId"),
    clientId,
    displayName,
    appOwnerTenantId: ctx.tenantId,
    appRoles: app?.appRoles ?? [],
    oauth2PermissionScopes: app?.oauth2PermissionScopes ?? [],
    createdBy: ctx.resource.name,
  };
  ctx.directory.addServicePrincipal(record);
  return { id: `/servicePrincipals/${record.objectId}`, state: { ...raw, ...servicePrincipalState(record) } };
};
