import { api as lookupApi, didYouMean, permission, type PermissionKind } from "../../../model/catalog";
import { MAX_GRANT_SCOPE_LENGTH, MAX_REQUIRED_PERMISSIONS, MAX_REQUIRED_RESOURCE_APIS } from "../../../model/entra-limits";
import type { PathSegment, ProblemList } from "../problems";
import type { ApiPermissionSpec } from "../schema";
import type { RequestedPermission, ApiAccessSpec as ResolvedApiAccess } from "../../../model/workload-spec";
import type { ExposedApi } from "../../../model/exposed-api";
import { stackPermission } from "./expose";
import { slug } from "../../../model/slug";

export interface PermissionContext {
  kind: "application" | "managedIdentity";
  hasRedirectUri: boolean;
  /** APIs the stack's workloads expose, by workload name; every workload's name, for "did you mean". @default none */
  stackApis?: ReadonlyMap<string, ExposedApi | undefined>;
}

function resolveNames(
  access: ApiPermissionSpec,
  apiEntry: ResolvedApiAccess["api"],
  stackApi: ExposedApi | undefined,
  permissionKind: PermissionKind,
  path: readonly PathSegment[],
  problems: ProblemList,
): RequestedPermission[] {
  const seen = new Set<string>();
  const out: RequestedPermission[] = [];
  access[permissionKind].forEach((name, j) => {
    const at = [...path, permissionKind, j];
    if (seen.has(name)) {
      problems.add(at, `"${name}" is listed twice; remove the duplicate`);
      return;
    }
    seen.add(name);
    if (stackApi) {
      const own = stackPermission(stackApi, name, permissionKind);
      if (own.ok) out.push({ name, catalog: own.value });
      else problems.add(at, own.message);
      return;
    }
    if (!apiEntry) {
      out.push({ name });
      return;
    }
    const hit = permission(apiEntry, name, permissionKind);
    if (hit.ok) out.push({ name, catalog: hit.value });
    else problems.add(at, hit.message);
  });
  return out;
}

export function checkApiPermissions(
  accesses: readonly ApiPermissionSpec[],
  ctx: PermissionContext,
  path: readonly PathSegment[],
  problems: ProblemList,
  warnings: ProblemList,
): ResolvedApiAccess[] {
  const byApp = new Map<string, number>();
  const consentNames = new Map<string, string>();
  const resolved: ResolvedApiAccess[] = [];
  accesses.forEach((access, i) => {
    const at = [...path, i];
    const inStack = ctx.stackApis?.has(access.api) === true;
    const stackApi = ctx.stackApis?.get(access.api);
    if (inStack && !stackApi) {
      problems.add([...at, "api"], `workload ${access.api} exposes no API; add expose (appRoles or scopes) to workloads.${access.api}`);
      return;
    }
    const found = inStack ? { ok: true as const, value: undefined } : lookupApi(access.api);
    if (!found.ok) {
      const workloads = [...(ctx.stackApis?.keys() ?? [])];
      const near = workloads.length === 0 ? "" : didYouMean(access.api, workloads);
      problems.add([...at, "api"], near === "" ? found.message : `${found.message}; or a workload of this stack${near}`);
      return;
    }
    const apiEntry = found.value;
    const apiAppId = stackApi ? "" : (apiEntry?.appId ?? access.api).toLowerCase();
    const apiName = apiEntry?.name ?? access.api;
    const earlier = byApp.get(stackApi ? `workload:${access.api}` : apiAppId);
    if (earlier !== undefined) {
      problems.add([...at, "api"], `${apiName} is already listed at apiPermissions[${earlier}]; merge the two entries into one`);
      return;
    }
    byApp.set(stackApi ? `workload:${access.api}` : apiAppId, i);
    const publishesNone = apiEntry !== undefined && apiEntry.permissions.application.size === 0 && apiEntry.permissions.delegated.size === 0;
    // An API that publishes no permissions (Marketplace metering) is authorised elsewhere; listing it records the token audience.
    if (access.application.length === 0 && access.delegated.length === 0 && !publishesNone) {
      problems.add(at, `no permissions listed for ${apiName}; add names under "application" or "delegated", or remove the entry`);
    }
    if (ctx.kind === "managedIdentity") {
      if (access.delegated.length > 0) {
        problems.add([...at, "delegated"], "a managed identity has no signed-in user, so it cannot hold delegated permissions; use application permissions or an application workload with web.redirectUris");
      }
      if (!access.adminConsent) {
        problems.add([...at, "adminConsent"], "a managed identity has no app registration to consent to through a URL; its application permissions must be granted as code: set adminConsent: true");
      }
    }
    const application = resolveNames(access, apiEntry, stackApi, "application", at, problems);
    const delegated = resolveNames(access, apiEntry, stackApi, "delegated", at, problems);
    if (apiEntry?.delegatedOnly && delegated.length > 0 && !ctx.hasRedirectUri && ctx.kind === "application") {
      warnings.add([...at, "api"], `${apiName} accepts only user-delegated tokens (service principals and managed identities are refused), so this workload needs a user sign-in flow: add web.redirectUris (e.g. https://<app>/getAToken)`);
    }
    const scope = delegated.map((p) => p.name).join(" ");
    if (access.adminConsent && scope.length > MAX_GRANT_SCOPE_LENGTH) {
      problems.add([...at, "delegated"], `the delegated permissions granted to ${apiName} join into a ${scope.length}-character scope; Graph accepts at most ${MAX_GRANT_SCOPE_LENGTH} per permission grant: request fewer scopes, or set adminConsent: false and let an administrator consent`);
    }
    if (access.adminConsent) {
      checkConsentNames({ at, apiName, apiSlug: slug(stackApi?.workload ?? apiEntry?.name.split(" / ")[0] ?? apiAppId), access, application, delegated }, path, consentNames, problems);
    }
    resolved.push({ api: apiEntry, apiName, apiAppId, ...(stackApi ? { stackApi: stackApi.workload } : {}), adminConsent: access.adminConsent, application, delegated });
  });
  const requested = resolved.filter((a) => a.application.length + a.delegated.length > 0);
  const total = requested.reduce((sum, a) => sum + a.application.length + a.delegated.length, 0);
  if (ctx.kind === "application" && requested.length > MAX_REQUIRED_RESOURCE_APIS) {
    problems.add(path, `requests permissions of ${requested.length} APIs; an app registration's requiredResourceAccess holds at most ${MAX_REQUIRED_RESOURCE_APIS}: split the workload`);
  }
  if (ctx.kind === "application" && total > MAX_REQUIRED_PERMISSIONS) {
    problems.add(path, `requests ${total} permissions; an app registration's requiredResourceAccess holds at most ${MAX_REQUIRED_PERMISSIONS} in total: request only what the workload uses, or split it`);
  }
  return resolved;
}

/**
 * Consent as code names its resources `<workload>-consent-<slug of the API>-<slug of the permission>` (an app role
 * assignment each) and `<workload>-consent-<slug of the API>-delegated` (one grant per API) in components/api-access.ts.
 * Two APIs of one slug (a workload named microsoft-graph beside Microsoft Graph) or two permissions of one slug
 * (Data.Read and data.read of an API the catalog does not know, app roles Orders.Read and Orders_Read of a workload's
 * API) would give two resources one logical name, which the engine refuses as a duplicate URN (pulumi/pulumi
 * sdk/go/common/diag/errors.go GetDuplicateResourceURNError, https://www.pulumi.com/docs/iac/concepts/resources/names/).
 */
function checkConsentNames(
  entry: { at: readonly PathSegment[]; apiName: string; apiSlug: string; access: ApiPermissionSpec; application: RequestedPermission[]; delegated: RequestedPermission[] },
  path: readonly PathSegment[],
  taken: Map<string, string>,
  problems: ProblemList,
): void {
  const workload = String(path[path.length - 2]);
  const claim = (name: string, where: readonly PathSegment[], what: string, fix: string): void => {
    const earlier = taken.get(name);
    const here = formatPathTail(where, path);
    if (earlier === undefined) {
      taken.set(name, `${here} (${what})`);
      return;
    }
    problems.add(where, `${what} and ${earlier} would get one Pulumi logical name, "${workload}-consent-${name}", which the engine refuses as a duplicate URN; ${fix}`);
  };
  for (const p of entry.application) {
    const j = entry.access.application.indexOf(p.name);
    claim(`${entry.apiSlug}-${slug(p.name)}`, [...entry.at, "application", j], `${entry.apiName} application permission "${p.name}"`,
      "their API and permission names differ only in letter case or punctuation: request only one of the two, rename one of the app roles (an API of this stack), or rename the workload whose name looks like the other API's");
  }
  if (entry.delegated.length > 0) {
    claim(`${entry.apiSlug}-delegated`, [...entry.at, "delegated"], `the delegated grant of ${entry.apiName}`,
      "the two APIs' names differ only in letter case or punctuation: rename the workload whose name looks like the other API's");
  }
}

/** `apiPermissions[1].application[0]` from a full path under `path` (the workload's apiPermissions). */
function formatPathTail(where: readonly PathSegment[], path: readonly PathSegment[]): string {
  return where.slice(path.length - 1).map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
