import { didYouMean } from "../../../model/catalog";
import type { ExposedApi } from "../../../model/exposed-api";
import { DEFAULT_ACCESS_APP_ROLE_ID, logoutUrlFlaw, type SignInAssignment, type SignInSpec } from "../../../model/sign-in";
import type { PathSegment, ProblemList } from "../problems";
import type { WorkloadSpec } from "../schema";
import { checkRedirectUris } from "./web";
import { slug } from "../../../model/slug";

/**
 * Sign-in settings of an application workload: platforms besides web (`spa`, `publicClient`, redirect URIs by the
 * shared rule), the logout URL, and who may sign in (`web.appRoleAssignmentRequired`, `web.assignments`). An
 * assignment names a user or group and an app role the workload exposes to users (`allowedMemberTypes` has `User`,
 * https://learn.microsoft.com/en-us/graph/api/resources/approle), or no role: the default access, which Graph accepts
 * only on an application that declares no app roles (model/sign-in.ts, DEFAULT_ACCESS_APP_ROLE_ID).
 */
export function checkSignIn(
  spec: WorkloadSpec,
  exposed: ExposedApi | undefined,
  at: readonly PathSegment[],
  problems: ProblemList,
  warnings: ProblemList,
): SignInSpec | undefined {
  if (spec.type === "managedIdentity") {
    for (const field of ["spa", "publicClient", "serviceManagementReference", "groupMembershipClaims"] as const) {
      if (spec[field] !== undefined) problems.add([...at, field], "applies to applications only (a managed identity has no app registration); remove it");
    }
    return undefined;
  }
  const web = spec.web;
  if (web?.logoutUrl !== undefined) {
    const flaw = logoutUrlFlaw(web.logoutUrl);
    if (flaw) problems.add([...at, "web", "logoutUrl"], `"${web.logoutUrl}" ${flaw}`);
  }
  const spaRedirectUris = spec.spa ? checkRedirectUris(spec.spa.redirectUris, [...at, "spa", "redirectUris"], problems, "spa") : [];
  const publicClientRedirectUris = spec.publicClient ? checkRedirectUris(spec.publicClient.redirectUris, [...at, "publicClient", "redirectUris"], problems, "publicClient") : [];
  const assignments: SignInAssignment[] = [];
  const seen = new Map<string, number>();
  // components/application.ts names each assignment `<workload>-assign-<slug of the role>-<object id>`: two roles whose
  // values differ only in letter case or punctuation (Admin, admin, Orders.Read, Orders_Read) give one principal one
  // logical name twice, which the engine refuses (pulumi/pulumi sdk/go/common/diag/errors.go
  // GetDuplicateResourceURNError, https://www.pulumi.com/docs/iac/concepts/resources/names/).
  const logical = new Map<string, number>();
  const userRoles = (exposed?.appRoles ?? []).filter((r) => r.allowedMemberTypes.includes("User"));
  (web?.assignments ?? []).forEach((a, i) => {
    const path = [...at, "web", "assignments", i];
    const key = `${a.objectId.toLowerCase()}|${a.role ?? ""}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add(path, `repeats web.assignments[${earlier}]; remove the duplicate`);
      return;
    }
    seen.set(key, i);
    if (a.role === undefined) {
      if ((exposed?.appRoles.length ?? 0) > 0) {
        problems.add(path, `gives the default access, which Graph accepts only on an application that declares no app roles; name an app role with allowedMemberTypes [User] in role${userRoles.length > 0 ? ` (${userRoles.map((r) => r.value).join(", ")})` : ""}`);
        return;
      }
      assignments.push({ objectId: a.objectId.toLowerCase(), principalType: a.type, appRoleId: DEFAULT_ACCESS_APP_ROLE_ID });
      return;
    }
    const hit = userRoles.find((r) => r.value === a.role);
    if (!hit) {
      const appOnly = exposed?.appRoles.some((r) => r.value === a.role) === true;
      problems.add([...path, "role"], appOnly
        ? `app role "${a.role}" is for applications only; add User to its allowedMemberTypes in expose.appRoles`
        : `this workload exposes no app role "${a.role}" for users and groups${didYouMean(a.role, userRoles.map((r) => r.value))}; declare it in expose.appRoles with allowedMemberTypes [User]`);
      return;
    }
    const name = `${slug(hit.value)}-${a.objectId.toLowerCase()}`;
    const clash = logical.get(name);
    if (clash !== undefined) {
      problems.add([...path, "role"], `app role "${hit.value}" and web.assignments[${clash}]'s role "${web?.assignments[clash]?.role ?? ""}" differ only in letter case or punctuation, so both assignments of ${a.objectId} would get the Pulumi logical name "${String(at[at.length - 1])}-assign-${name}", which the engine refuses as a duplicate URN; assign only one of the two roles, or rename one in expose.appRoles so they differ in letters or digits`);
      return;
    }
    logical.set(name, i);
    assignments.push({ objectId: a.objectId.toLowerCase(), principalType: a.type, role: hit.value, appRoleId: hit.id });
  });
  const required = web?.appRoleAssignmentRequired ?? false;
  // A malformed assignment is a hole in the list (zod-problems.ts, salvage): not "empty".
  const malformed = (web?.assignments.length ?? 0) > (web?.assignments.filter(() => true).length ?? 0);
  if (required && assignments.length === 0 && !malformed) {
    warnings.add([...at, "web", "appRoleAssignmentRequired"], "is true but web.assignments is empty: nobody can sign in until a user or group is assigned");
  }
  if (!required && assignments.length === 0 && web?.logoutUrl === undefined && spaRedirectUris.length + publicClientRedirectUris.length === 0) return undefined;
  return {
    appRoleAssignmentRequired: required,
    assignments,
    ...(web?.logoutUrl === undefined ? {} : { logoutUrl: web.logoutUrl }),
    spaRedirectUris,
    publicClientRedirectUris,
  };
}
