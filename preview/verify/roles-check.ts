import { compareCoverage } from "./rbac";
import { role as catalogRole } from "../../model/catalog";
import { ArmError, listPermissions, listRoleAssignments, permissionsListable, roleDefinitionPermissions, scopeContains, subscriptionOf, type AssignedRole, type PermissionBlock } from "./arm";
import { rbacBackoffMs, type Clock } from "./retry";
import type { AzureRoleExpectation, CheckResult } from "./types";

export interface RolesContext {
  arm: string;
  clock: Clock;
  /** Epoch ms after which a 403 or a role not yet visible is final. */
  rbacDeadline: number;
  /** The caller's ARM token, to read role definitions. */
  callerArmToken: () => Promise<string>;
}

const list = (xs: readonly string[], max = 8) => (xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")} and ${xs.length - max} more`);

/**
 * With the workload's own ARM token, lists its effective permissions at each planned scope and checks they cover
 * the planned roles (assigned there or above) and grant nothing more. A 403, or a planned permission not visible
 * yet, is retried until the RBAC deadline: role assignments take minutes to be honoured (see `RBAC_WAIT`).
 */
export async function checkAzureRoles(roles: readonly AzureRoleExpectation[], workloadArmToken: string, ctx: RolesContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const definitions = new Map<string, PermissionBlock[]>();
  for (const scope of [...new Set(roles.map((r) => r.scope))]) {
    const here = roles.filter((r) => scopeContains(r.scope, scope));
    const check = `Azure ${here.filter((r) => r.scope === scope).map((r) => r.role).join(", ")} @ ${scope}`;
    if (!permissionsListable(scope)) {
      results.push({ check, status: "skipped", detail: "ARM lists a caller's effective permissions for resource groups and resources only; check this scope with `az role assignment list --assignee <client id> --scope <scope>`" });
      continue;
    }
    let planned: PermissionBlock[];
    try {
      planned = [];
      for (const r of here) {
        const key = `${r.roleDefinitionId}\n${r.scope}`;
        if (!definitions.has(key)) definitions.set(key, await roleDefinitionPermissions(ctx.arm, r.scope, r.roleDefinitionId, await ctx.callerArmToken()));
        planned.push(...(definitions.get(key) as PermissionBlock[]));
      }
    } catch (err) {
      results.push({ check, status: "failed", detail: `cannot read the planned role's definition with the caller's identity: ${(err as Error).message}` });
      continue;
    }
    let waited = 0;
    for (let retry = 0; ; retry++) {
      const answer = await listPermissions(ctx.arm, scope, workloadArmToken);
      const coverage = answer.ok ? compareCoverage(planned, answer.blocks) : undefined;
      const settled = answer.ok ? coverage?.missing.length === 0 : answer.status !== 403;
      const left = ctx.rbacDeadline - ctx.clock.now();
      if (!settled && left > 0) {
        const wait = Math.min(rbacBackoffMs(retry), left);
        waited += wait;
        await ctx.clock.sleep(wait);
        continue;
      }
      const after = waited > 0 ? ` (after waiting ${Math.round(waited / 1000)} s for RBAC to propagate)` : "";
      if (!answer.ok) {
        results.push({ check, status: "failed", detail: `${answer.error}${after}: the role is not (yet) effective — raise --rbac-wait-minutes for a fresh assignment, or check it exists` });
      } else {
        const { missing, extra } = coverage as { missing: string[]; extra: string[] };
        const problems = [
          ...(missing.length > 0 ? [`missing ${list(missing)}: the planned role is not (yet) effective`] : []),
          ...(extra.length > 0 ? [`more access than planned: ${list(extra)} — another role assignment grants it here or above`] : []),
        ];
        results.push(problems.length === 0
          ? { check, status: "passed", detail: `effective permissions cover ${here.map((r) => r.role).join(", ")} and nothing broader${after}` }
          : { check, status: "failed", detail: `${problems.join("; ")}${after}` });
      }
      break;
    }
  }
  return results;
}

const sameScope = (a: string, b: string) => a.toLowerCase().replace(/\/+$/, "") === b.toLowerCase().replace(/\/+$/, "");

function roleName(id: string): string {
  const hit = catalogRole(id);
  return hit.ok && hit.value.builtIn ? hit.value.name : `role ${id}`;
}

/**
 * With the caller's ARM token, lists the workload's role assignments in each subscription the stack grants roles in,
 * and compares them with the plan: an assignment the plan does not have is more access than planned (granted
 * outside the manifest, wherever in the subscription); a planned one that is absent is missing.
 */
export async function checkAssignments(
  planned: readonly AzureRoleExpectation[], subscriptions: readonly string[], principalId: string, arm: string, callerArmToken: () => Promise<string>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const subscription of subscriptions) {
    const check = `role assignments in ${subscription}`;
    let assigned: AssignedRole[];
    try {
      assigned = await listRoleAssignments(arm, subscription, principalId, await callerArmToken());
    } catch (err) {
      results.push(err instanceof ArmError && err.status === 403
        ? { check, status: "skipped", detail: `the caller may not list role assignments at ${subscription} (${err.message}); give it Reader there to find assignments made outside the manifest` }
        : { check, status: "failed", detail: `cannot list them with the caller's identity: ${(err as Error).message}` });
      continue;
    }
    const here = planned.filter((p) => subscriptionOf(p.scope)?.toLowerCase() === subscription.toLowerCase());
    const isPlanned = (a: AssignedRole) => planned.some((p) => p.roleDefinitionId.toLowerCase() === a.roleDefinitionId && sameScope(p.scope, a.scope));
    const extra = assigned.filter((a) => !isPlanned(a)).map((a) => `${roleName(a.roleDefinitionId)} at ${a.scope}`);
    const missing = here.filter((p) => !assigned.some((a) => a.roleDefinitionId === p.roleDefinitionId.toLowerCase() && sameScope(p.scope, a.scope))).map((p) => `${p.role} at ${p.scope}`);
    const problems = [
      ...(extra.length > 0 ? [`more access than planned: ${list(extra)} (not in the manifest)`] : []),
      ...(missing.length > 0 ? [`planned but not assigned: ${list(missing)}`] : []),
    ];
    results.push(problems.length === 0
      ? { check, status: "passed", detail: `${assigned.length} assignment${assigned.length === 1 ? "" : "s"}, all in the plan` }
      : { check, status: "failed", detail: problems.join("; ") });
  }
  return results;
}
