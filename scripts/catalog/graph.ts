import * as path from "node:path";
import { readJson } from "./source";
import type { CatalogSource } from "./source";

/**
 * The public export the Graph permission catalog is generated from: microsoftgraph/microsoft-graph-devx-content,
 * the data behind Graph Explorer and the Graph permissions reference. provisioningInfo.json holds every
 * permission's id per scheme and environment; permissions.json holds Microsoft's privilege grade, consent and
 * display names.
 */
export const GRAPH_EXPORT = {
  repository: "microsoftgraph/microsoft-graph-devx-content",
  path: "permissions/new/provisioningInfo.json + permissions/new/permissions.json",
  ids: "permissions/new/provisioningInfo.json",
  grades: "permissions/new/permissions.json",
} as const;

const KINDS = { Application: "application", DelegatedWork: "delegated" } as const;

interface Grade { id: string; privilegeLevel: number | null; adminConsentRequired: boolean | null; displayName: string | null }
type Entry = Partial<Record<"application" | "delegated", Grade>>;

export interface GraphCatalog {
  source: string;
  sourceCommits: CatalogSource[];
  resourceAppId: string;
  permissions: Record<string, Entry>;
}

interface Deployment { id?: string; scheme?: string; environment?: string; isHidden?: boolean; isEnabled?: boolean }
interface Scheme { adminDisplayName?: string; requiresAdminConsent?: boolean; privilegeLevel?: number }

/**
 * The OpenID Connect scopes are published on Microsoft Graph's service principal but not in the devx export.
 * Their ids come from well-known-apis.json (which cites the service-principal export it took them from);
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc#openid-connect-scopes says a user can consent
 * to them (no administrator); Microsoft publishes no privilege grade for them, so none is invented.
 */
const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

function oidcScopes(wellKnown: unknown, graphAppId: string): Record<string, Entry> {
  const apis = (wellKnown as { apis?: { appId?: string; delegated?: Record<string, string> }[] }).apis ?? [];
  const graph = apis.find((a) => a.appId === graphAppId);
  const out: Record<string, Entry> = {};
  for (const scope of OIDC_SCOPES) {
    const id = graph?.delegated?.[scope];
    if (!id) throw new Error(`well-known-apis.json has no Microsoft Graph delegated id for ${scope}`);
    out[scope] = { delegated: { id, privilegeLevel: null, adminConsentRequired: false, displayName: null } };
  }
  return out;
}

/**
 * Microsoft Graph's permissions from the devx export: entries published in the public cloud
 * (`environment` lists `public`), enabled, not hidden, with an id; `DelegatedWork` → delegated,
 * `Application` → application (`DelegatedPersonal`, Microsoft accounts only, is left out: workloads live in a tenant).
 */
export function buildGraphCatalog(checkout: string, sources: CatalogSource[], wellKnown: unknown, graphAppId: string): GraphCatalog {
  const ids = readJson(path.join(checkout, GRAPH_EXPORT.ids)) as { permissionDeployments?: Record<string, Deployment[]> };
  const grades = readJson(path.join(checkout, GRAPH_EXPORT.grades)) as { permissions?: Record<string, { schemes?: Record<string, Scheme> }> };
  if (!ids.permissionDeployments || !grades.permissions) throw new Error(`${checkout} does not look like microsoft-graph-devx-content (no permissionDeployments / permissions)`);
  const permissions: Record<string, Entry> = {};
  for (const [name, deployments] of Object.entries(ids.permissionDeployments)) {
    for (const d of deployments) {
      const kind = KINDS[d.scheme as keyof typeof KINDS];
      const environments = (d.environment ?? "").split(";");
      if (!kind || !d.id || !environments.includes("public") || d.isHidden === true || d.isEnabled === false) continue;
      const scheme = grades.permissions[name]?.schemes?.[d.scheme as string];
      (permissions[name] ??= {})[kind] = {
        id: d.id,
        privilegeLevel: scheme?.privilegeLevel ?? null,
        adminConsentRequired: scheme?.requiresAdminConsent ?? null,
        displayName: scheme?.adminDisplayName ?? null,
      };
    }
  }
  for (const [scope, entry] of Object.entries(oidcScopes(wellKnown, graphAppId))) {
    if (permissions[scope]) throw new Error(`the export now publishes ${scope}; drop it from OIDC_SCOPES`);
    permissions[scope] = entry;
  }
  const sorted = Object.fromEntries(Object.keys(permissions).sort().map((k) => [k, permissions[k]]));
  const at = sources.map((s) => `${s.repository} ${s.path}, commit ${s.commit} of ${s.committed.slice(0, 10)}`).join("; ");
  return {
    source:
      `${at}; public, enabled, non-hidden entries only. privilegeLevel: 1 (lowest) to 5 (highest), as that source grades them; ` +
      "null where it publishes no grade. The OpenID Connect scopes openid, profile, email and offline_access take their ids from " +
      "well-known-apis.json (same folder), which cites its sources; user-consentable per https://learn.microsoft.com/entra/identity-platform/scopes-oidc. " +
      `Regenerate with \`npm run catalog -- graph <clone of https://github.com/${GRAPH_EXPORT.repository}>\`.`,
    sourceCommits: sources,
    resourceAppId: graphAppId,
    permissions: sorted,
  };
}
