import { parseArmScope } from "../../../model/arm-id";
import { role as lookupRole } from "../../../model/catalog";
import { ProblemList, type PathSegment } from "../problems";
import { resourceGroupNameProblem } from "./names";
import type { RoleAssignmentSpec } from "../schema";
import type { RoleGrantSpec as ResolvedRoleAssignment } from "../../../model/workload-spec";
import { roleAssignmentLogicalName } from "../../../model/role-assignment-names";
import { NO_FRAGMENTS, type Fragment } from "../zod-problems";

/** Management group, subscription, resource group, or resource (any depth of child types) — parsed strictly by model/arm-id.ts. */
export function isArmScope(scope: string): boolean {
  return parseArmScope(scope).scope !== undefined;
}

export function checkRoles(
  roles: readonly RoleAssignmentSpec[],
  path: readonly PathSegment[],
  problems: ProblemList,
  fragments: ReadonlyMap<number, Fragment> = NO_FRAGMENTS,
): ResolvedRoleAssignment[] {
  const seen = new Map<string, number>();
  const named = new Map<string, { index: number; role: string }>();
  const resolved: ResolvedRoleAssignment[] = [];
  // Items in list order; a malformed item whose role and scope are well-formed (zod-problems.ts, fragments: say an
  // unknown key beside them) is still compared with the others, its own findings left to its shape error.
  const items = Array.from({ length: roles.length }, (_, i): { assignment: RoleAssignmentSpec; fragment: boolean } | undefined => {
    if (i in roles) return { assignment: roles[i], fragment: false };
    const { role, scope } = fragments.get(i)?.value ?? {};
    return typeof role === "string" && typeof scope === "string" ? { assignment: { role, scope }, fragment: true } : undefined;
  });
  items.forEach((item, i) => {
    if (item === undefined) return;
    const { assignment, fragment } = item;
    const at = [...path, i];
    const local = fragment ? new ProblemList() : problems;
    const found = lookupRole(assignment.role);
    if (!found.ok) local.add([...at, "role"], found.message);
    const scope = assignment.scope.replace(/\/+$/, "");
    const parsedScope = parseArmScope(scope);
    const scopeOk = parsedScope.scope !== undefined;
    if (!scopeOk) {
      local.add([...at, "scope"], `scope ${JSON.stringify(assignment.scope)} is not an ARM id: ${parsedScope.problem ?? "unreadable"}`);
    }
    const resourceGroup = scopeOk ? /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope)?.[1] : undefined;
    const resourceGroupProblem = resourceGroup === undefined ? undefined : resourceGroupNameProblem(resourceGroup);
    if (resourceGroupProblem) local.add([...at, "scope"], `the resource group "${resourceGroup}" in this scope is not a name ARM accepts: ${resourceGroupProblem}`);
    if (!found.ok || !scopeOk || resourceGroupProblem) return;
    const key = `${found.value.id}|${scope.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add(at, `duplicate role assignment: ${found.value.name} on this scope is already roles[${earlier}] (Azure would answer RoleAssignmentExists); remove one`);
      return;
    }
    seen.set(key, i);
    // Two roles whose names agree in their first 40 characters (as slugs), on one scope, get one Pulumi logical name
    // (and on one scope one role assignment name: model/role-assignment-names.ts: the name is cut to 40 characters and the scope
    // hashed to 8 hex digits): the engine refuses the duplicate URN (pulumi/pulumi
    // sdk/go/common/diag/errors.go GetDuplicateResourceURNError, 'Duplicate resource URN …; try giving it a unique name';
    // https://www.pulumi.com/docs/iac/concepts/resources/names/), and ARM would see the second as an update of the first
    // (RoleAssignmentUpdateNotPermitted). 15 groups of built-in roles do (the Azure Kubernetes Fleet Manager RBAC roles …).
    const grant = { role: found.value, scope };
    const logical = roleAssignmentLogicalName("", grant);
    const clash = named.get(logical);
    if (clash !== undefined) {
      problems.add(at, `${found.value.name} and roles[${clash.index}] (${clash.role}) would get one Pulumi logical name ` +
        `("${String(path[path.length - 2])}-ra${logical}": the role's name cut to 40 characters and an 8-digit hash of the scope), which the engine refuses as a duplicate URN; ` +
        "grant one of the two at another scope (the resource instead of its resource group, or the reverse), or combine them in a custom role");
      return;
    }
    named.set(logical, { index: i, role: found.value.name });
    if (!fragment) resolved.push(grant);
  });
  return resolved;
}
