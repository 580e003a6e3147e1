import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { roleDefinitionResourceId } from "./catalog";
import type { ServicePrincipalObjectId } from "./ids";
import { deterministicGuid } from "./naming";
import { shortHash, slug } from "./slug";
import type { RoleGrantSpec } from "./workload-spec";

export interface RoleAssignmentsArgs {
  /** Service principal object id (or managed identity principal id) — never an application object id. */
  principalId: pulumi.Output<ServicePrincipalObjectId>;
  roles: RoleGrantSpec[];
  /** Stack name: with the workload's name and kind it identifies the principal before its object id is known. */
  stack: string;
  /** The workload's name and kind (the principal is its service principal or managed identity in this stack). */
  workload: { name: string; kind: "application" | "managedIdentity" };
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
export function roleAssignmentName(stack: string, workload: RoleAssignmentsArgs["workload"], grant: RoleGrantSpec): string {
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

/**
 * Azure RBAC for a principal this stack creates: `principalType: ServicePrincipal` (so ARM does not look the new
 * principal up and fail with PrincipalNotFound during replication), full role definition ids, and GUID names that
 * depend only on (principal, role, scope), so re-runs, imports and edits of the manifest's wording are idempotent.
 *
 * When the identity itself changes (another principal, role or scope), azure-native replaces the assignment:
 * `roleAssignmentName`, `scope` and `principalId` force a replacement, and for an explicitly named resource its
 * Diff answers deleteBeforeReplace (pulumi/pulumi-azure-native provider/pkg/provider/provider.go, Diff:
 * `deleteBeforeReplace := len(replaces) > 0` unless the resource was auto-named; provider/pkg/gen/replacement.go:
 * RoleAssignment forceNew principalId, scope). `deleteBeforeReplace: true` here states it rather than relying on
 * that heuristic: the old assignment goes first, so the new one never collides with it.
 */
export class RoleAssignments extends pulumi.ComponentResource {
  readonly assignments: authorization.RoleAssignment[];

  constructor(name: string, args: RoleAssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:RoleAssignments", name, {}, opts);
    this.assignments = args.roles.map((grant) => {
      const logical = roleAssignmentLogicalName(name, grant);
      return new authorization.RoleAssignment(logical, {
        roleAssignmentName: roleAssignmentName(args.stack, args.workload, grant),
        principalId: args.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionResourceId(grant.role.id, grant.scope),
        scope: grant.scope,
        description: `${grant.role.name} for ${args.workload.name} (entra-workloads)`,
      }, {
        parent: this,
        deleteBeforeReplace: true,
        aliases: previousLogicalNames(name, grant).map((old) => ({ name: old })),
      });
    });
    this.registerOutputs({});
  }
}
