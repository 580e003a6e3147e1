import type { ResourceHandler, SimContext } from "./context";
import { firstPartyServicePrincipal, type AppRole, type PermissionScope, type ServicePrincipalRecord } from "./directory";
import { allApis, type Api } from "../model/catalog";
import { reject } from "./errors";
import { guidFor } from "./ids";
import { records, str, strings, type Inputs } from "./inputs";
import { MAX_REDIRECT_URIS, redirectUriFix, redirectUriFlaw } from "../model/redirect-uri";
import { MAX_APPLICATION_DISPLAY_NAME } from "../model/entra-limits";

/** Graph's limit for an application's display name (source beside the constant). */

function checkDisplayName(displayName: string | undefined, ctx: SimContext): void {
  if (displayName === undefined || displayName.length <= MAX_APPLICATION_DISPLAY_NAME) return;
  reject(
    "Request_BadRequest",
    "Invalid value specified for property 'displayName' of resource 'Application'.",
    ctx.resource,
    `shorten displayName to at most ${MAX_APPLICATION_DISPLAY_NAME} characters (it has ${displayName.length}).`,
  );
}

/**
 * Redirect URIs by the shared rule (model/redirect-uri.ts cites Entra's reply-URL restrictions and the pinned
 * provider's validation for each part; some parts the provider refuses at plan time, before Graph). The simulator
 * words every refusal as Graph's generic Request_BadRequest for an invalid property value.
 */
function checkRedirectUris(inputs: Inputs, ctx: SimContext): void {
  const platforms = [["web", "web", "web"], ["singlePageApplication", "spa", "spa"], ["publicClient", "publicClient", "publicClient"]] as const;
  let total = 0;
  for (const [input, graphName, platform] of platforms) {
    const uris = strings(inputs, `${input}.redirectUris`);
    total += uris.length;
    uris.forEach((uri, index) => {
      const flaw = redirectUriFlaw(uri, platform);
      if (!flaw) return;
      reject(
        "Request_BadRequest",
        `Invalid value specified for property '${graphName}.redirectUris' of resource 'Application'.`,
        ctx.resource,
        `${input}.redirectUris[${index}]: ${redirectUriFix(uri, flaw)}; see "Redirect URI (reply URL) restrictions" in the Microsoft identity platform docs.`,
      );
    });
  }
  if (total > MAX_REDIRECT_URIS) {
    reject("Request_BadRequest", "Invalid value specified for property 'redirectUris' of resource 'Application'.", ctx.resource,
      `the application has ${total} redirect URIs; Entra accepts at most ${MAX_REDIRECT_URIS} per app (AzureADMyOrg).`);
  }
}

/** The catalog's first-party API with this app id. */
function firstPartyApi(clientId: string): Api | undefined {
  return allApis().find((a) => a.appId.toLowerCase() === clientId.toLowerCase());
}

/**
 * Owners must be users or service principals ("Application owners can be individual users, the associated service
 * principal, or another service principal", https://learn.microsoft.com/en-us/graph/api/application-post-owners; the
 * same for service principals, https://learn.microsoft.com/en-us/graph/api/serviceprincipal-post-owners). Graph's
 * refusal of a group: "The reference target 'Group_<id>' of type 'Group' is invalid for the 'owners' reference."
 * (quoted in Azure/azure-cli#11924 and microsoftgraph/microsoft-graph-docs#3303). The deployer is the caller, always
 * accepted; unknown ids are taken for users (Directory.directoryObjectType records the assumption).
 */
function checkOwners(inputs: Inputs, ctx: SimContext): void {
  strings(inputs, "owners").forEach((owner, index) => {
    if (owner.toLowerCase() === ctx.deployerObjectId.toLowerCase()) return;
    const type = ctx.directory.directoryObjectType(owner);
    if (type === "User" || type === "ServicePrincipal") return;
    reject(
      "Request_BadRequest",
      `The reference target '${type}_${owner}' of type '${type}' is invalid for the 'owners' reference.`,
      ctx.resource,
      `owners[${index}] ${owner} is a ${type}; list users or service principals as owners (the object ids of the group's members, or of the team's automation identity).`,
    );
  });
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
  checkDisplayName(displayName, ctx);
  checkRedirectUris(inputs, ctx);
  checkOwners(inputs, ctx);
  const objectId = ctx.existing?.objectId ?? guidFor(ctx.urn, "objectId");
  const clientId = ctx.existing?.clientId ?? guidFor(ctx.urn, "clientId");
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
  if (sp.permissionsUnknown) {
    const { appRoleIds: _roles, oauth2PermissionScopeIds: _scopes, ...known } = servicePrincipalState({ ...sp, permissionsUnknown: false });
    return known;
  }
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

/**
 * `azuread:index/servicePrincipal:ServicePrincipal`: the enterprise app of an application, by client id. As the pinned
 * provider does (terraform-provider-azuread@38d1993a:internal/services/serviceprincipals/service_principal_resource.go,
 * servicePrincipalResourceCreate): it first lists service principals with `appId eq '<clientId>'`; one found is adopted
 * with `useExisting` and otherwise refused (`tf.ImportAsExistsDiag`: "A resource with the ID … already exists"). A
 * first-party API the tenant lacks (SimulatedTenant.missingServicePrincipals) gets a new service principal publishing
 * the catalog's permissions, as Entra instantiates Microsoft's application in the tenant.
 */
export const servicePrincipal: ResourceHandler = (raw, inputs, ctx) => {
  const clientId = str(inputs, "clientId") ?? "";
  checkOwners(inputs, ctx);
  const existing = ctx.directory.servicePrincipalByClientId(clientId);
  if (existing) {
    if (inputs.useExisting === true) {
      if (!existing.createdBy) {
        ctx.directory.assume(`the tenant already has the service principal of ${existing.displayName} (${clientId}), adopted with useExisting (a tenant that never used the API gets one created: --tenant missingServicePrincipals)`);
      }
      return { id: `/servicePrincipals/${existing.objectId}`, state: { ...raw, ...servicePrincipalState(existing) } };
    }
    reject(
      "ImportAsExists",
      `A resource with the ID "${existing.objectId}" already exists. To be managed via Terraform, this resource needs to be imported into the State.`,
      ctx.resource,
      `the service principal of ${clientId} (${existing.displayName}) already exists: set useExisting: true (and retainOnDelete for one you do not own), or import it.`,
    );
  }
  const app = ctx.directory.applicationByClientId(clientId);
  const api = app ? undefined : firstPartyApi(clientId);
  if (!app && !api) {
    ctx.directory.assume(`application ${clientId} exists, so its service principal can be created (an API the simulated tenant does not know; its permissions are not checked offline)`);
  }
  const record: ServicePrincipalRecord = api
    ? { ...firstPartyServicePrincipal(api, ctx.tenantId), objectId: guidFor(ctx.urn, "objectId"), createdBy: ctx.resource.name }
    : {
      objectId: ctx.existing?.objectId ?? guidFor(ctx.urn, "objectId"),
      clientId,
      displayName: app?.displayName ?? ctx.resource.name,
      appOwnerTenantId: ctx.tenantId,
      appRoles: app?.appRoles ?? [],
      oauth2PermissionScopes: app?.oauth2PermissionScopes ?? [],
      createdBy: ctx.resource.name,
      ...(app ? {} : { permissionsUnknown: true }),
    };
  ctx.directory.addServicePrincipal(record);
  return { id: `/servicePrincipals/${record.objectId}`, state: { ...raw, ...servicePrincipalState(record) } };
};

/**
 * `azuread:index/applicationIdentifierUri:ApplicationIdentifierUri`: adds one identifier URI to an application of this
 * run. Id as the pinned provider builds it, `/applications/{objectId}/identifierUris/{base64(uri)}`
 * (terraform-provider-azuread@38d1993a:internal/services/applications/application_identifier_uri_resource.go, Create;
 * parse/identifier_uri.go). Only an application registered in this run is checked; others are assumed to exist.
 */
export const applicationIdentifierUri: ResourceHandler = (raw, inputs, ctx) => {
  const applicationId = str(inputs, "applicationId") ?? "";
  const uri = str(inputs, "identifierUri") ?? "";
  const objectId = applicationId.replace(/^\/applications\//, "");
  if (!ctx.directory.applicationByObjectId(objectId)) {
    ctx.directory.assume(`application ${applicationId} exists, so identifier URI ${uri} can be added to it`);
  }
  return { id: `/applications/${objectId}/identifierUris/${Buffer.from(uri).toString("base64")}`, state: { ...raw } };
};
