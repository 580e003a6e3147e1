import { parseArmScope } from "../../../model/arm-id";
import { role as lookupRole } from "../../../model/catalog";
import type { PathSegment, ProblemList } from "../problems";
import { resourceGroupNameProblem } from "./names";
import type { RoleAssignmentSpec } from "../schema";
import type { RoleGrantSpec as ResolvedRoleAssignment } from "../../../model/workload-spec";

/** Management group, subscription, resource group, or resource (any depth of child types) — parsed strictly by model/arm-id.ts. */
export function isArmScope(scope: string): boolean {
  return parseArmScope(scope).scope !== undefined;
}

export function checkRoles(
  roles: readonly RoleAssignmentSpec[],
  path: readonly PathSegment[],
  problems: ProblemList,
): ResolvedRoleAssignment[] {
  const seen = new Map<string, number>();
  const resolved: ResolvedRoleAssignment[] = [];
  roles.forEach((assignment, i) => {
    const at = [...path, i];
    const found = lookupRole(assignment.role);
    if (!found.ok) problems.add([...at, "role"], found.message);
    const scope = assignment.scope.replace(/\/+$/, "");
    const parsedScope = parseArmScope(scope);
    const scopeOk = parsedScope.scope !== undefined;
    if (!scopeOk) {
      problems.add([...at, "scope"], `scope ${JSON.stringify(assignment.scope)} is not an ARM id: ${parsedScope.problem ?? "unreadable"}`);
    }
    const resourceGroup = scopeOk ? /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(scope)?.[1] : undefined;
    const resourceGroupProblem = resourceGroup === undefined ? undefined : resourceGroupNameProblem(resourceGroup);
    if (resourceGroupProblem) problems.add([...at, "scope"], `the resource group "${resourceGroup}" in this scope is not a name ARM accepts: ${resourceGroupProblem}`);
    if (!found.ok || !scopeOk || resourceGroupProblem) return;
    const key = `${found.value.id}|${scope.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add(at, `duplicate role assignment: ${found.value.name} on this scope is already roles[${earlier}] (Azure would answer RoleAssignmentExists); remove one`);
      return;
    }
    seen.set(key, i);
    resolved.push({ role: found.value, scope });
  });
  return resolved;
}
