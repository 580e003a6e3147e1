import { deterministicGuid } from "./naming";

/**
 * An API a workload of the stack exposes (its application's `identifierUris`, `appRoles` and
 * `api.oauth2PermissionScopes`), resolved from the manifest's `expose`. Role and scope ids are stable GUIDs of the
 * workload and the value, so a preview is reproducible and a renamed value shows as a new id.
 */
export interface ExposedAppRole {
  value: string;
  displayName: string;
  description: string;
  /** Graph's `allowedMemberTypes`: `Application` (granted to service principals / managed identities), `User` (users and groups). */
  allowedMemberTypes: ("Application" | "User")[];
  id: string;
}

export interface ExposedScope {
  value: string;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  /** @default the admin texts */
  userConsentDisplayName?: string;
  userConsentDescription?: string;
  /** Graph's `type`: who may consent (`Admin`: administrators only). */
  type: "Admin" | "User";
  id: string;
}

export interface ExposedApi {
  /** The workload exposing it. */
  workload: string;
  /** Absent: `api://<client id>`, known once the application exists. */
  identifierUri?: string;
  appRoles: ExposedAppRole[];
  scopes: ExposedScope[];
}

/** The app role id of `value` exposed by `workload`: a UUIDv5, stable across runs and stacks. */
export function exposedAppRoleId(workload: string, value: string): string {
  return deterministicGuid("exposed-api", workload, "appRole", value);
}

/** The delegated scope id of `value` exposed by `workload`. */
export function exposedScopeId(workload: string, value: string): string {
  return deterministicGuid("exposed-api", workload, "scope", value);
}

/** The default identifier URI Entra's portal proposes and the pinned provider's docs show: `api://<client id>`. */
export function defaultIdentifierUri(clientId: string): string {
  return `api://${clientId}`;
}

/** Longest app role / scope value the pinned provider accepts (source at {@link claimValueFlaw}). */
export const MAX_CLAIM_VALUE_LENGTH = 249;

/**
 * Why an app role or scope `value` would be refused, or undefined. The pinned provider's rule,
 * terraform-provider-azuread@38d1993a:internal/services/applications/validate/tokens.go (RoleScopeClaimValue, used
 * for `app_role.value` and `oauth2_permission_scope.value` in application_resource.go): at most 249 characters, not
 * beginning with a period, only letters, digits and ``!#$%&'()*+,-./:;<=>?@[]^+_`{|}~`` (no spaces) — the same
 * characters Graph documents for appRole.value (https://learn.microsoft.com/en-us/graph/api/resources/approle).
 */
export function claimValueFlaw(value: string): string | undefined {
  if (value.length > MAX_CLAIM_VALUE_LENGTH) return `is ${value.length} characters long; Entra accepts at most ${MAX_CLAIM_VALUE_LENGTH}`;
  if (value.startsWith(".")) return "must not begin with a period";
  const bad = /[^A-Za-z0-9:!#$%&'()*+,./;<=>?@[\]^_{|}~`-]/.exec(value);
  if (bad) return `contains "${bad[0]}"; use letters, digits and !#$%&'()*+,-./:;<=>?@[]^_\`{|}~ only (no spaces), e.g. Orders.Read`;
  return undefined;
}

/** Who may read a workload's Key Vault secrets: a workload of the stack, or an outside principal by object id. */
export type SecretReader =
  | { kind: "workload"; workload: string }
  | { kind: "principal"; objectId: string; principalType: "ServicePrincipal" | "User" | "Group" };

/**
 * What a grant of an API only the live tenant knows (an application id neither in the catalog nor in the stack)
 * carries offline as its permission id: the service principal's `appRoleIds` / `oauth2PermissionScopeIds` are read
 * at deploy time, so the plan lists the permission as resolved then.
 */
export const RESOLVED_AT_DEPLOY_TIME = "(resolved at deploy time)";

/**
 * The names a raw (unvalidated) workload entry refers to: `apiPermissions[].api` and the string entries of
 * `secretReaders`. The planner keeps a workload and every workload it names in one shard.
 */
export function namedReferences(raw: unknown): string[] {
  if (typeof raw !== "object" || raw === null) return [];
  const entry = raw as { apiPermissions?: unknown; secretReaders?: unknown };
  const apis = Array.isArray(entry.apiPermissions)
    ? entry.apiPermissions.map((p: unknown) => (typeof p === "object" && p !== null ? (p as { api?: unknown }).api : undefined))
    : [];
  const readers: unknown[] = Array.isArray(entry.secretReaders) ? entry.secretReaders : [];
  return [...apis, ...readers].filter((n): n is string => typeof n === "string");
}

const GUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Why an explicit identifier URI is outside Entra's secure formats, or undefined. The formats
 * (https://learn.microsoft.com/en-us/entra/identity-platform/identifier-uri-restrictions, "Secure patterns"):
 * api://<appId>, api://<tenantId>/<appId or string>, api://<string>/<appId>, api://<domain>/<string>, and https URIs on
 * the tenant's initial or a verified domain. A tenant whose app management policy sets
 * `uriAdditionWithoutUniqueTenantIdentifier` (https://learn.microsoft.com/en-us/graph/api/resources/identifieruriconfiguration)
 * refuses the rest. Offline only the form can be judged: an api:// URI naming no GUID and no domain, or another scheme.
 */
export function identifierUriConcern(uri: string): string | undefined {
  const api = /^api:\/\/([^/]+)(\/.*)?$/.exec(uri);
  if (api) {
    if (GUID_IN.test(uri) || api[1].includes(".")) return undefined;
    return `"${uri}" names neither the tenant id, the client id nor a verified domain; tenants enforcing Entra's identifier URI restrictions refuse it: use the default (api://<client id>), api://<tenant id>/${api[1]}, or api://<verified domain>/${api[1]}`;
  }
  if (/^https:\/\/[^/]+\.[^/]+/.test(uri)) return undefined;
  return `"${uri}" is not an api:// or https URI of Entra's secure formats; use the default (api://<client id>) or api://<tenant id>/<name>`;
}
