import type { ServicePrincipalRecord } from "./directory";
import { servicePrincipalState } from "./entra-apps";
import type { Directory } from "./directory";
import { InvokeFailure } from "./errors";
import { plain, str } from "./inputs";

/** Who runs the deployment, as getClientConfig reports it. */
export interface ClientConfig {
  tenantId: string;
  subscriptionId: string;
  clientId: string;
  objectId: string;
}

/** The result of `azuread:index/getServicePrincipal:getServicePrincipal` for a known service principal. */
function servicePrincipalResult(sp: ServicePrincipalRecord): Record<string, unknown> {
  return {
    ...servicePrincipalState(sp),
    id: sp.objectId,
    alternativeNames: [],
    description: "",
    featureTags: [],
    features: [],
    homepageUrl: "",
    loginUrl: "",
    logoutUrl: "",
    notes: "",
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: "",
    redirectUris: [],
    samlMetadataUrl: "",
    samlSingleSignOns: [],
    tags: [],
  };
}

/**
 * Looks a service principal up the way the azuread provider's data source does (object id, else display
 * name, else client id) and fails with the provider's own messages (terraform-provider-azuread,
 * internal/services/serviceprincipals/service_principal_data_source.go).
 */
function getServicePrincipal(directory: Directory, args: Record<string, unknown>): Record<string, unknown> {
  const inputs = plain(args);
  const objectId = str(inputs, "objectId");
  const displayName = str(inputs, "displayName");
  const clientId = str(inputs, "clientId");
  if (objectId) {
    const sp = directory.servicePrincipalByObjectId(objectId);
    if (!sp) throw new InvokeFailure(`Service Principal (Service Principal: "${objectId}") was not found`);
    return servicePrincipalResult(sp);
  }
  if (displayName) {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    const found = directory.servicePrincipalsByDisplayName(displayName);
    if (found.length === 0) throw new InvokeFailure(`Service principal not found: no service principals found matching filter: "${filter}"`);
    if (found.length > 1) throw new InvokeFailure(`Multiple service principals found: found multiple service principals matching filter: "${filter}"`);
    return servicePrincipalResult(found[0]);
  }
  const sp = clientId ? directory.servicePrincipalByClientId(clientId) : undefined;
  if (!sp) {
    throw new InvokeFailure(
      `No service principal found: no service principal found (client_id "${clientId ?? ""}" has no service principal in tenant ${directory.tenantId}; the simulator knows the catalog's first-party APIs and service principals created in this deployment)`,
    );
  }
  return servicePrincipalResult(sp);
}

/**
 * `azuread:index/getDirectoryObject:getDirectoryObject`: the shortened OData type of an object id ("User", "Group",
 * "ServicePrincipal"; terraform-provider-azuread@38d1993a:internal/services/directoryobjects/directoryobjects.go,
 * formatODataType). The deployer is the pipeline's service principal; an id the simulated tenant does not know is
 * taken for a user (recorded as an assumption: offline we cannot know it).
 */
function getDirectoryObject(directory: Directory, client: ClientConfig, args: Record<string, unknown>): Record<string, unknown> {
  const objectId = str(plain(args), "objectId") ?? "";
  const type = objectId.toLowerCase() === client.objectId.toLowerCase() ? "ServicePrincipal" : directory.directoryObjectType(objectId);
  return { id: `/directoryObjects/${objectId}`, objectId, type };
}

/** Answers the invokes the toolkit uses; any other token fails loudly rather than returning an empty answer. */
export function invoke(token: string, args: Record<string, unknown>, directory: Directory, client: ClientConfig): Record<string, unknown> {
  switch (token) {
    case "azuread:index/getClientConfig:getClientConfig":
      return { id: `${client.clientId}-${client.objectId}-${client.tenantId}`, tenantId: client.tenantId, clientId: client.clientId, objectId: client.objectId };
    case "azure-native:authorization:getClientConfig":
      return { tenantId: client.tenantId, subscriptionId: client.subscriptionId, clientId: client.clientId, objectId: client.objectId };
    case "azuread:index/getServicePrincipal:getServicePrincipal":
      return getServicePrincipal(directory, args);
    case "azuread:index/getDirectoryObject:getDirectoryObject":
      return getDirectoryObject(directory, client, args);
    default:
      throw new InvokeFailure(`NotImplemented: the Azure simulator has no answer for invoke "${token}"; add it to simulator/invokes.ts.`);
  }
}
