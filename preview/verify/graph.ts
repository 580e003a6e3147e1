import { errorText, requestJson, trimSlash } from "./http";

async function getJson(url: string, token: string): Promise<unknown> {
  const r = await requestJson(url, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`${url.split("?")[0] ?? url}: ${errorText(r)}`);
  return r.body;
}

/**
 * The app registration's web redirect URIs: `GET /v1.0/applications(appId='{appId}')?$select=web`
 * (https://learn.microsoft.com/graph/api/application-get; `web.redirectUris`).
 */
export async function appRedirectUris(graph: string, clientId: string, token: string): Promise<string[]> {
  const body = await getJson(`${trimSlash(graph)}/v1.0/applications(appId='${encodeURIComponent(clientId)}')?$select=web`, token) as { web?: { redirectUris?: unknown } };
  const uris = body.web?.redirectUris;
  return Array.isArray(uris) ? uris.filter((u): u is string => typeof u === "string") : [];
}

/** The service principal object id of an API in this tenant: `GET /v1.0/servicePrincipals(appId='{appId}')?$select=id` (https://learn.microsoft.com/graph/api/serviceprincipal-get). */
export async function servicePrincipalId(graph: string, appId: string, token: string): Promise<string> {
  const body = await getJson(`${trimSlash(graph)}/v1.0/servicePrincipals(appId='${encodeURIComponent(appId)}')?$select=id`, token) as { id?: unknown };
  if (typeof body.id !== "string") throw new Error(`no service principal for ${appId} in the tenant`);
  return body.id;
}

export interface DelegatedGrant {
  /** Service principal object id of the API. */
  resourceId: string;
  consentType: string;
  /** Space-separated delegated scopes. */
  scope: string;
}

/**
 * Delegated permission grants of a client service principal:
 * `GET /v1.0/oauth2PermissionGrants?$filter=clientId eq '{servicePrincipalObjectId}'`
 * (https://learn.microsoft.com/graph/api/oauth2permissiongrant-list; `consentType` `AllPrincipals` is admin consent).
 */
export async function delegatedGrants(graph: string, servicePrincipalObjectId: string, token: string): Promise<DelegatedGrant[]> {
  const filter = encodeURIComponent(`clientId eq '${servicePrincipalObjectId}'`);
  const body = await getJson(`${trimSlash(graph)}/v1.0/oauth2PermissionGrants?$filter=${filter}`, token) as { value?: unknown };
  const isGrant = (g: unknown): g is DelegatedGrant =>
    typeof g === "object" && g !== null && typeof (g as DelegatedGrant).resourceId === "string" && typeof (g as DelegatedGrant).scope === "string";
  return (Array.isArray(body.value) ? (body.value as unknown[]) : [])
    .filter(isGrant)
    .map((g) => ({ resourceId: g.resourceId, consentType: String(g.consentType ?? ""), scope: g.scope }));
}
