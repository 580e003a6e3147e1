import wellKnown from "./data/well-known-apis.json";
import graph from "./data/graph-permissions.json";
import { didYouMean } from "./suggest";
import { found, missing, type Lookup } from "./result";
import { isGuid } from "./guid";

export type PermissionKind = "application" | "delegated";

/** One permission an API publishes: an app role (application) or an OAuth2 scope (delegated). */
export interface Permission {
  /** API display name, e.g. "Microsoft Graph". */
  api: string;
  apiAppId: string;
  kind: PermissionKind;
  /** Claim value, e.g. "User.Read.All". */
  name: string;
  /** App role id (application) or OAuth2 permission scope id (delegated). */
  id: string;
  /** 1 (lowest) to 5 (highest) as Microsoft grades Graph permissions; null where no grade is published. */
  privilegeLevel: number | null;
  /** Whether an administrator must consent; application permissions always need it. */
  adminConsentRequired: boolean | null;
}

/** A resource application (first-party API) the catalog knows. */
export interface Api {
  name: string;
  appId: string;
  /** Token audience: `resource` for v1 tokens. */
  tokenResource: string;
  /** Scope for client-credentials v2 tokens, e.g. `https://graph.microsoft.com/.default`. */
  defaultScope: string;
  /** Names the API also answers to in a manifest. */
  aliases: readonly string[];
  /** Permissions by kind, keyed by claim value. Empty for APIs authorised by Azure RBAC or publisher registration. */
  permissions: Record<PermissionKind, ReadonlyMap<string, Permission>>;
  /** True when the API publishes delegated scopes only, so it needs a signed-in user (S5: Azure DevOps). */
  delegatedOnly: boolean;
  /** The display name of the API's service principal in a tenant, where it differs from `name`. */
  servicePrincipalDisplayName?: string;
}

interface WellKnownEntry {
  name: string;
  appId: string;
  tokenResource: string;
  defaultScope: string;
  servicePrincipalDisplayName?: string;
  aliases?: string[];
  delegated: Record<string, string | undefined>;
  application: Record<string, string | undefined>;
}

interface GraphGrade { id: string; privilegeLevel: number | null; adminConsentRequired: boolean | null }
type GraphEntry = Partial<Record<PermissionKind, GraphGrade>>;

/** Short names our manifests use for APIs whose catalog names are long; keyed by the catalog name. */
const EXTRA_ALIASES: Record<string, string[]> = {
  "Microsoft Marketplace SaaS Fulfillment / Metering API": ["Marketplace metering", "Marketplace Metering API", "Marketplace SaaS API"],
  "Azure Monitor Logs Ingestion (Azure Monitor Control Service)": ["Azure Monitor Logs Ingestion"],
};

/** Source notes of the API and Graph catalogs, as shipped with the data. */
export const apiCatalogSource: string = wellKnown.source;
export const graphCatalogSource: string = graph.source;

function graphPermissions(apiName: string, appId: string): Api["permissions"] {
  const application = new Map<string, Permission>();
  const delegated = new Map<string, Permission>();
  for (const [name, entry] of Object.entries(graph.permissions as Record<string, GraphEntry>)) {
    for (const kind of ["application", "delegated"] as const) {
      const grade = entry[kind];
      if (!grade) continue;
      const target = kind === "application" ? application : delegated;
      target.set(name, {
        api: apiName, apiAppId: appId, kind, name, id: grade.id,
        privilegeLevel: grade.privilegeLevel,
        adminConsentRequired: kind === "application" ? true : grade.adminConsentRequired,
      });
    }
  }
  return { application, delegated };
}

function listedPermissions(entry: WellKnownEntry): Api["permissions"] {
  const build = (kind: PermissionKind, ids: Record<string, string | undefined>) =>
    new Map(Object.entries(ids).flatMap(([name, id]) => (id === undefined ? [] : [[name, {
      api: entry.name, apiAppId: entry.appId, kind, name, id,
      privilegeLevel: null,
      adminConsentRequired: kind === "application" ? true : null,
    } satisfies Permission] as const])));
  return { application: build("application", entry.application), delegated: build("delegated", entry.delegated) };
}

function toApi(entry: WellKnownEntry): Api {
  const permissions = entry.appId === graph.resourceAppId ? graphPermissions(entry.name, entry.appId) : listedPermissions(entry);
  const aliases = [
    ...(entry.aliases ?? []),
    ...(entry.servicePrincipalDisplayName ? [entry.servicePrincipalDisplayName] : []),
    ...(EXTRA_ALIASES[entry.name] ?? []),
  ];
  return {
    name: entry.name,
    appId: entry.appId,
    tokenResource: entry.tokenResource,
    defaultScope: entry.defaultScope,
    aliases,
    permissions,
    delegatedOnly: permissions.application.size === 0 && permissions.delegated.size > 0,
    ...(entry.servicePrincipalDisplayName ? { servicePrincipalDisplayName: entry.servicePrincipalDisplayName } : {}),
  };
}

// Entries without an appId (Azure Monitor custom metrics) are token audiences reached through Azure RBAC,
// not resource applications a manifest can request permissions on.
const apis: readonly Api[] = (wellKnown.apis as unknown as Partial<WellKnownEntry>[])
  .filter((e): e is WellKnownEntry => typeof e.appId === "string")
  .map(toApi);
const byKey = new Map<string, Api>();
for (const a of apis) {
  for (const key of [a.name, a.appId, ...a.aliases]) byKey.set(key.toLowerCase(), a);
}

export const MICROSOFT_GRAPH_APP_ID: string = graph.resourceAppId;

/** Every API the catalog knows. */
export function allApis(): readonly Api[] {
  return apis;
}

/**
 * An API by name, alias or application id. An app id GUID the catalog does not know resolves to
 * `undefined` value with ok=true: a customer's own API, whose permissions only the live tenant knows.
 */
export function api(nameOrAppId: string): Lookup<Api | undefined> {
  const hit = byKey.get(nameOrAppId.toLowerCase());
  if (hit) return found(hit);
  if (isGuid(nameOrAppId)) return found(undefined);
  return missing(`unknown API "${nameOrAppId}"${didYouMean(nameOrAppId, apis.flatMap((a) => [a.name, ...a.aliases]))} (or give the API's application id)`);
}

/** Microsoft Graph, which every tenant has. */
export function microsoftGraph(): Api {
  const graphApi = byKey.get(MICROSOFT_GRAPH_APP_ID);
  if (!graphApi) throw new Error("catalog is missing Microsoft Graph");
  return graphApi;
}

const otherKind = (kind: PermissionKind): PermissionKind => (kind === "application" ? "delegated" : "application");

/** A permission of `apiEntry` by claim value and kind, explaining a wrong kind or a typo. */
export function permission(apiEntry: Api, name: string, kind: PermissionKind): Lookup<Permission> {
  const hit = apiEntry.permissions[kind].get(name);
  if (hit) return found(hit);
  const published = [...apiEntry.permissions[kind].keys()];
  if (apiEntry.permissions[otherKind(kind)].has(name)) {
    const examples = published.length === 0
      ? `${apiEntry.name} publishes no ${kind} permissions`
      : `${kind} permissions are e.g. ${didYouMean(name, published).replace(" — did you mean ", "").replace(/\?$/, "")}`;
    return missing(`"${name}" is a ${otherKind(kind)} permission of ${apiEntry.name}, not an ${kind === "application" ? "application" : "delegated"} one; move it to "${otherKind(kind)}" (${examples})`);
  }
  if (published.length === 0) {
    return missing(`${apiEntry.name} publishes no ${kind} permissions, so "${name}" cannot be granted as one`);
  }
  return missing(`unknown ${apiEntry.name} ${kind} permission "${name}"${didYouMean(name, published)}`);
}
