import { deterministicGuid } from "./naming";
import { shortHash, slug } from "./slug";
import type { RoleGrantSpec } from "./workload-spec";

/** The workload a role assignment is for: with the stack, it identifies the principal before its object id is known. */
export interface AssigningWorkload {
  name: string;
  kind: "application" | "managedIdentity";
}

/** ARM compares scopes case-insensitively and without a trailing slash. */
export function canonicalScope(scope: string): string {
  return scope.replace(/\/+$/, "").toLowerCase();
}

/**
 * The assignment's ARM name: a UUIDv5 of the stack, the workload (which determines the principal: its object id is
 * an output, unknown at preview), the role as the catalog names it and the scope. It is the name every earlier
 * version of the toolkit gave the same assignment, on purpose: a new formula would replace every role assignment of
 * every deployed stack on upgrade (a delete, then a create that RBAC takes minutes to propagate). A role written by
 * name or by GUID, a trailing slash or a reordered list leave it unchanged; a scope retyped in another letter case
 * changes it, and the replacement deletes first (`deleteBeforeReplace` below), so ARM never sees two assignments of
 * one (principal, role, scope).
 */
export function roleAssignmentName(stack: string, workload: AssigningWorkload, grant: RoleGrantSpec): string {
  const scope = grant.scope.replace(/\/+$/, "");
  return deterministicGuid(stack, `${workload.name}-ra-${slug(grant.role.name).slice(0, 40)}-${shortHash(scope)}`, scope);
}

/**
 * Logical name of one assignment: the role as the catalog names it and a hash of the scope (ARM compares scopes
 * case-insensitively, without a trailing slash), so reordering, a role written by GUID or a retyped scope keep it —
 * and waivers naming it keep matching. `prefix` is the RoleAssignments component's name (`<workload>-ra`).
 */
export function roleAssignmentLogicalName(prefix: string, grant: RoleGrantSpec): string {
  return `${prefix}-${slug(grant.role.name).slice(0, 40)}-${shortHash(canonicalScope(grant.scope))}`;
}

/**
 * The logical name the assignment had while the catalog did not know its role (given by GUID, named by it). When the
 * catalog learns the name, this alias keeps Pulumi from creating the "new" assignment before deleting the old one,
 * which ARM would refuse (`RoleAssignmentExists`: one assignment per principal, role and scope).
 */
export function previousLogicalNames(prefix: string, grant: RoleGrantSpec): string[] {
  const byGuid = `${prefix}-${slug(grant.role.id).slice(0, 40)}-${shortHash(canonicalScope(grant.scope))}`;
  return byGuid === roleAssignmentLogicalName(prefix, grant) ? [] : [byGuid];
}
