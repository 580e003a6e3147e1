import { didYouMean } from "../../../model/catalog";
import type { PermissionKind, Permission } from "../../../model/catalog";
import { claimValueFlaw, exposedAppRoleId, exposedScopeId, identifierUriConcern, type ExposedApi, type SecretReader } from "../../../model/exposed-api";
import type { PathSegment, ProblemList } from "../problems";
import type { ExposeSpec, SecretReaderSpec } from "../schema";

/**
 * `expose`: the API an application workload publishes. Values are checked by the pinned provider's rule
 * (model/exposed-api.ts, claimValueFlaw); Graph refuses two app roles or two scopes with one value
 * ("appRoles: The value must be unique across all app roles of the application",
 * https://learn.microsoft.com/en-us/graph/api/resources/approle, `value`; and for scopes
 * https://learn.microsoft.com/en-us/graph/api/resources/permissionscope, `value`).
 */
export function checkExpose(
  workload: string,
  kind: "application" | "managedIdentity",
  spec: ExposeSpec | undefined,
  path: readonly PathSegment[],
  problems: ProblemList,
  warnings?: ProblemList,
): ExposedApi | undefined {
  if (spec === undefined) return undefined;
  if (kind === "managedIdentity") {
    // A managed identity's service principal has no app registration, so it cannot publish app roles or scopes
    // (https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/overview: "a special type of service principal").
    problems.add(path, "a managed identity has no app registration, so it cannot expose an API; move expose to an application workload");
    return undefined;
  }
  if (spec.appRoles.length + spec.scopes.length === 0) {
    problems.add(path, "exposes no app roles and no scopes; add appRoles or scopes, or remove expose");
  }
  const values = (items: { value: string }[], field: string): void => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const flaw = claimValueFlaw(item.value);
      if (flaw) problems.add([...path, field, i, "value"], `"${item.value}" ${flaw}`);
      const earlier = seen.get(item.value);
      if (earlier !== undefined) problems.add([...path, field, i, "value"], `"${item.value}" is already the value of ${field}[${earlier}]; values must be unique`);
      seen.set(item.value, i);
    });
  };
  const concern = spec.identifierUri === undefined ? undefined : identifierUriConcern(spec.identifierUri);
  if (concern) warnings?.add([...path, "identifierUri"], concern);
  values(spec.appRoles, "appRoles");
  values(spec.scopes, "scopes");
  // The pinned provider refuses an app role and a scope with one value and different ids at plan time
  // (terraform-provider-azuread@38d1993a:internal/services/applications/applications.go applicationValidateRolesScopes,
  // called from applicationResourceCustomizeDiff in application_resource.go: "duplicate value found"), and their ids
  // always differ (exposedAppRoleId and exposedScopeId hash "appRole" and "scope"), though Graph itself allows it.
  const roleValues = new Map<string, number>();
  spec.appRoles.forEach((r, i) => { if (!roleValues.has(r.value)) roleValues.set(r.value, i); });
  spec.scopes.forEach((scope, i) => {
    const role = roleValues.get(scope.value);
    if (role !== undefined) {
      problems.add([...path, "scopes", i, "value"], `"${scope.value}" is already the value of appRoles[${role}]; the azuread provider refuses an app role and a scope with one value ("checking for duplicate app roles / OAuth2.0 permission scopes: validation failed: duplicate value found"): give the scope another value (e.g. "${scope.value}.Delegated")`);
    }
  });
  return {
    workload,
    ...(spec.identifierUri === undefined ? {} : { identifierUri: spec.identifierUri }),
    appRoles: spec.appRoles.map((r) => ({
      value: r.value,
      displayName: r.displayName,
      description: r.description ?? r.displayName,
      allowedMemberTypes: [...new Set(r.allowedMemberTypes)],
      id: exposedAppRoleId(workload, r.value),
    })),
    scopes: spec.scopes.map((s) => ({
      value: s.value,
      adminConsentDisplayName: s.adminConsentDisplayName,
      adminConsentDescription: s.adminConsentDescription,
      ...(s.userConsentDisplayName === undefined ? {} : { userConsentDisplayName: s.userConsentDisplayName }),
      ...(s.userConsentDescription === undefined ? {} : { userConsentDescription: s.userConsentDescription }),
      type: s.type,
      id: exposedScopeId(workload, s.value),
    })),
  };
}

/**
 * A permission of an API a workload of this stack exposes, by value: application permissions are its app roles open
 * to applications (`allowedMemberTypes` contains `Application`), delegated ones its scopes. Returned as a catalog-shaped
 * permission carrying the stable id, so consumers need no look-up at deploy time.
 */
export function stackPermission(api: ExposedApi, name: string, kind: PermissionKind): { ok: true; value: Permission } | { ok: false; message: string } {
  const published = kind === "application"
    ? api.appRoles.filter((r) => r.allowedMemberTypes.includes("Application")).map((r) => ({ value: r.value, id: r.id }))
    : api.scopes.map((s) => ({ value: s.value, id: s.id }));
  const hit = published.find((p) => p.value === name);
  if (hit) {
    return { ok: true, value: { api: api.workload, apiAppId: "", kind, name, id: hit.id, privilegeLevel: null, adminConsentRequired: kind === "application" ? true : null } };
  }
  const other = kind === "application" ? api.scopes.some((s) => s.value === name) : api.appRoles.some((r) => r.value === name);
  if (other) {
    return { ok: false, message: `"${name}" is ${kind === "application" ? "a delegated scope" : "an app role"} of ${api.workload}, not ${kind === "application" ? "an app role" : "a delegated scope"}; move it to "${kind === "application" ? "delegated" : "application"}"` };
  }
  if (kind === "application" && api.appRoles.some((r) => r.value === name)) {
    return { ok: false, message: `app role "${name}" of ${api.workload} is for users and groups only; add Application to its allowedMemberTypes` };
  }
  if (published.length === 0) {
    return { ok: false, message: `${api.workload} exposes no ${kind === "application" ? "app roles" : "delegated scopes"}; add ${kind === "application" ? "appRoles" : "scopes"} to workloads.${api.workload}.expose` };
  }
  return { ok: false, message: `${api.workload} exposes no ${kind === "application" ? "app role" : "delegated scope"} "${name}"${didYouMean(name, published.map((p) => p.value))}` };
}

/**
 * `secretReaders`: workloads of the stack by name, or outside principals by object id and type. The type becomes
 * the role assignment's `principalType` (ARM RoleAssignmentProperties.principalType: User, Group, ServicePrincipal, …,
 * https://learn.microsoft.com/en-us/azure/templates/microsoft.authorization/roleassignments).
 */
export function checkSecretReaders(
  readers: readonly SecretReaderSpec[],
  workloads: readonly string[],
  path: readonly PathSegment[],
  problems: ProblemList,
): SecretReader[] {
  const seen = new Map<string, number>();
  const out: SecretReader[] = [];
  readers.forEach((reader, i) => {
    const key = (typeof reader === "string" ? reader : reader.objectId).toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add([...path, i], `is already listed at secretReaders[${earlier}]; remove the duplicate`);
      return;
    }
    seen.set(key, i);
    if (typeof reader !== "string") {
      out.push({ kind: "principal", objectId: reader.objectId.toLowerCase(), principalType: reader.type });
      return;
    }
    if (!workloads.includes(reader)) {
      problems.add([...path, i], `no workload "${reader}" in this stack${didYouMean(reader, workloads)}; name a workload of the stack, or give an outside principal as { objectId, type }`);
      return;
    }
    out.push({ kind: "workload", workload: reader });
  });
  return out;
}
